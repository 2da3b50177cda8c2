# Copyright (c) hcl_mm contributors. All rights reserved.
from .functional import *  # noqa: F401,F403
from .metrics import *  # noqa: F401,F403
