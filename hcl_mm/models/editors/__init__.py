# Copyright (c) hcl_mm contributors. All rights reserved.
from .mat import *  # noqa: F401,F403
from .mprnet import *  # noqa: F401,F403
from .vcnet import *  # noqa: F401,F403
