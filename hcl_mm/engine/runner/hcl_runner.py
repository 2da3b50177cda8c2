# Copyright (c) hcl_mm contributors. All rights reserved.
import copy
import inspect

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

    Every component is built from the resolved config; ``runner.cfg``
    (logged, dumped to the work dir, stored in checkpoints) keeps the
    references, as written. Both say the same, and the written form is the
    one a ``--cfg-options`` still reaches; it is also the one yapf formats
    quickly (a resolved recipe config repeats its corruption in every
    pipeline: 7 s instead of 0.2 s per ``pretty_text``, paid at start-up
    and at every checkpoint).
    """

    @classmethod
    def from_cfg(cls, cfg: Config) -> 'HCLRunner':
        """Build the runner from a config with its references resolved."""
        resolved = resolve_refs(copy.deepcopy(cfg))
        # the keyword arguments Runner.from_cfg takes from the config; the
        # ones a config leaves out keep __init__'s defaults, which are
        # from_cfg's
        names = inspect.signature(Runner.__init__).parameters
        kwargs = {
            k: resolved[k]
            for k in names if k not in ('self', 'cfg') and k in resolved
        }
        return cls(**kwargs, cfg=cfg)  # Runner.__init__ copies it
