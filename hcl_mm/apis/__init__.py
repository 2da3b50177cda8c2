# Copyright (c) hcl_mm contributors. All rights reserved.
"""User-facing inference APIs (see the inference issue)."""
