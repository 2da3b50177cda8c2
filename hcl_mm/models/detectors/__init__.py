# Copyright (c) hcl_mm contributors. All rights reserved.
