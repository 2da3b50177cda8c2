# Copyright (c) hcl_mm contributors. All rights reserved.
from .backbones import *  # noqa: F401,F403
from .data_preprocessors import *  # noqa: F401,F403
from .decoders import *  # noqa: F401,F403
from .detectors import *  # noqa: F401,F403
from .discriminators import *  # noqa: F401,F403
from .editors import *  # noqa: F401,F403
from .heads import *  # noqa: F401,F403
from .inpaintors import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .refiners import *  # noqa: F401,F403
