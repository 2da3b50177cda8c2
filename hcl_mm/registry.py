# Copyright (c) hcl_mm contributors. All rights reserved.
"""Registries of hcl_mm.

Every node is a child of the corresponding MMEngine root registry with the
scope ``'hcl_mm'`` (the pattern of mmyolo/mmagic). Because of that:

* inside hcl_mm configs (``default_scope='hcl_mm'``) unprefixed types resolve
  to hcl_mm components first, then to MMEngine's root registries;
* from an MMSegmentation or MMagic config, ``type='hcl_mm.X'`` imports this
  module and the ``locations`` below on first use, no ``custom_imports``
  needed;
* foreign components are referenced from hcl_mm configs as ``mmseg.X`` /
  ``mmagic.X`` or with ``_scope_``.

``MASK_GENERATORS`` and ``CORRUPTION_CONTENTS`` have no MMEngine parent: they
hold the building blocks of the corruption data engine.
"""
from mmengine.registry import DATA_SAMPLERS as MMENGINE_DATA_SAMPLERS
from mmengine.registry import DATASETS as MMENGINE_DATASETS
from mmengine.registry import EVALUATOR as MMENGINE_EVALUATOR
from mmengine.registry import FUNCTIONS as MMENGINE_FUNCTIONS
from mmengine.registry import HOOKS as MMENGINE_HOOKS
from mmengine.registry import INFERENCERS as MMENGINE_INFERENCERS
from mmengine.registry import LOG_PROCESSORS as MMENGINE_LOG_PROCESSORS
from mmengine.registry import LOOPS as MMENGINE_LOOPS
from mmengine.registry import METRICS as MMENGINE_METRICS
from mmengine.registry import MODEL_WRAPPERS as MMENGINE_MODEL_WRAPPERS
from mmengine.registry import MODELS as MMENGINE_MODELS
from mmengine.registry import \
    OPTIM_WRAPPER_CONSTRUCTORS as MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS
from mmengine.registry import OPTIM_WRAPPERS as MMENGINE_OPTIM_WRAPPERS
from mmengine.registry import OPTIMIZERS as MMENGINE_OPTIMIZERS
from mmengine.registry import PARAM_SCHEDULERS as MMENGINE_PARAM_SCHEDULERS
from mmengine.registry import \
    RUNNER_CONSTRUCTORS as MMENGINE_RUNNER_CONSTRUCTORS
from mmengine.registry import RUNNERS as MMENGINE_RUNNERS
from mmengine.registry import TASK_UTILS as MMENGINE_TASK_UTILS
from mmengine.registry import TRANSFORMS as MMENGINE_TRANSFORMS
from mmengine.registry import VISBACKENDS as MMENGINE_VISBACKENDS
from mmengine.registry import VISUALIZERS as MMENGINE_VISUALIZERS
from mmengine.registry import \
    WEIGHT_INITIALIZERS as MMENGINE_WEIGHT_INITIALIZERS
from mmengine.registry import Registry

__all__ = [
    'RUNNERS', 'RUNNER_CONSTRUCTORS', 'LOOPS', 'HOOKS', 'LOG_PROCESSORS',
    'OPTIMIZERS', 'OPTIM_WRAPPERS', 'OPTIM_WRAPPER_CONSTRUCTORS',
    'PARAM_SCHEDULERS', 'DATASETS', 'DATA_SAMPLERS', 'TRANSFORMS',
    'MASK_GENERATORS', 'CORRUPTION_CONTENTS', 'MODELS', 'MODEL_WRAPPERS',
    'WEIGHT_INITIALIZERS', 'TASK_UTILS', 'METRICS', 'EVALUATOR', 'VISUALIZERS',
    'VISBACKENDS', 'INFERENCERS', 'FUNCTIONS'
]

_SCOPE = 'hcl_mm'


def _child(name: str, parent: Registry, locations: list) -> Registry:
    return Registry(name, parent=parent, scope=_SCOPE, locations=locations)


# engine
RUNNERS = _child('runner', MMENGINE_RUNNERS, ['hcl_mm.engine'])
RUNNER_CONSTRUCTORS = _child('runner constructor',
                             MMENGINE_RUNNER_CONSTRUCTORS, ['hcl_mm.engine'])
LOOPS = _child('loop', MMENGINE_LOOPS, ['hcl_mm.engine'])
HOOKS = _child('hook', MMENGINE_HOOKS, ['hcl_mm.engine'])
LOG_PROCESSORS = _child('log processor', MMENGINE_LOG_PROCESSORS,
                        ['hcl_mm.engine'])
OPTIMIZERS = _child('optimizer', MMENGINE_OPTIMIZERS, ['hcl_mm.engine'])
OPTIM_WRAPPERS = _child('optim_wrapper', MMENGINE_OPTIM_WRAPPERS,
                        ['hcl_mm.engine'])
OPTIM_WRAPPER_CONSTRUCTORS = _child('optimizer wrapper constructor',
                                    MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS,
                                    ['hcl_mm.engine'])
PARAM_SCHEDULERS = _child('parameter scheduler', MMENGINE_PARAM_SCHEDULERS,
                          ['hcl_mm.engine'])

# datasets
DATASETS = _child('dataset', MMENGINE_DATASETS, ['hcl_mm.datasets'])
DATA_SAMPLERS = _child('data sampler', MMENGINE_DATA_SAMPLERS,
                       ['hcl_mm.datasets'])
TRANSFORMS = _child('transform', MMENGINE_TRANSFORMS, ['hcl_mm.datasets'])
MASK_GENERATORS = Registry(
    'mask generator', scope=_SCOPE, locations=['hcl_mm.datasets'])
CORRUPTION_CONTENTS = Registry(
    'corruption content', scope=_SCOPE, locations=['hcl_mm.datasets'])

# models
MODELS = _child('model', MMENGINE_MODELS, ['hcl_mm.models'])
MODEL_WRAPPERS = _child('model_wrapper', MMENGINE_MODEL_WRAPPERS,
                        ['hcl_mm.models'])
WEIGHT_INITIALIZERS = _child('weight initializer',
                             MMENGINE_WEIGHT_INITIALIZERS, ['hcl_mm.models'])
TASK_UTILS = _child('task util', MMENGINE_TASK_UTILS, ['hcl_mm.models'])

# evaluation
METRICS = _child('metric', MMENGINE_METRICS, ['hcl_mm.evaluation'])
EVALUATOR = _child('evaluator', MMENGINE_EVALUATOR, ['hcl_mm.evaluation'])

# visualization
VISUALIZERS = _child('visualizer', MMENGINE_VISUALIZERS,
                     ['hcl_mm.visualization'])
VISBACKENDS = _child('vis_backend', MMENGINE_VISBACKENDS,
                     ['hcl_mm.visualization'])

# apis
INFERENCERS = _child('inferencer', MMENGINE_INFERENCERS, ['hcl_mm.apis'])
FUNCTIONS = _child('function', MMENGINE_FUNCTIONS, ['hcl_mm.engine'])


def build_module(cfg, registry: Registry = MODELS):
    """Build a sub-module of an hcl_mm component in the hcl_mm scope.

    MMEngine resolves ``type='hcl_mm.X'`` in a foreign config but keeps the
    caller's default scope (``mmseg``, ``mmagic``) while ``X`` builds its own
    parts, so their unprefixed types would be looked up there. Defaulting
    ``_scope_`` to ``'hcl_mm'`` makes a composite component behave the same
    from any config; prefixed types (``mmagic.L1Loss``) still resolve where
    they say.

    Args:
        cfg (dict | None): the sub-module config (None passes through).
        registry (Registry): where to build. Defaults to ``MODELS``.

    Returns:
        The built object, or None.
    """
    if cfg is None:
        return None
    cfg = dict(cfg)
    cfg.setdefault('_scope_', _SCOPE)
    return registry.build(cfg)
