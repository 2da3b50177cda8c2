# Copyright (c) hcl_mm contributors. All rights reserved.
from .vcnet import *  # noqa: F401,F403
