# Copyright (c) hcl_mm contributors. All rights reserved.
import copy

from mmengine.config import Config
from mmengine.runner import Runner

from hcl_mm.registry import RUNNERS
from hcl_mm.utils.config_refs import resolve_refs


@RUNNERS.register_module()
class HCLRunner(Runner):
    """MMEngine's runner, built after resolving the config's late-bound
    ``'${name}'`` references (:func:`hcl_mm.utils.resolve_refs`).

    hcl_mm's dataset configs name their roots and their corruption once, as
    top-level entries, and refer to them by name, so a child config or
    ``--cfg-options data_root=...`` reaches every pipeline. Select it with
    ``runner_type = 'hcl_mm.HCLRunner'`` (the default runtime does): the
    ``tools/train.py`` of hcl_mm, MMSegmentation and MMagic build it
    through ``RUNNERS.build(cfg)``.
    """

    @classmethod
    def from_cfg(cls, cfg: Config) -> 'HCLRunner':
        """Build the runner from a config with its references resolved."""
        return super().from_cfg(resolve_refs(copy.deepcopy(cfg)))
