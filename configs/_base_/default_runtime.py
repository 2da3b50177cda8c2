# Runtime defaults of hcl_mm configs.
default_scope = 'hcl_mm'
# hcl_mm.engine allow-lists the types of MMEngine checkpoints for
# torch.load(weights_only=True) (resume / load_from on torch >= 2.6).
custom_imports = dict(imports=['hcl_mm.engine'], allow_failed_imports=False)
# MMEngine's runner after resolving the configs' late-bound '${name}'
# entries (data roots and corruption named once; hcl_mm/utils/config_refs.py)
runner_type = 'hcl_mm.HCLRunner'

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    # tools/train.py switches to gloo on machines without CUDA.
    dist_cfg=dict(backend='nccl'))

vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(
    type='Visualizer', vis_backends=vis_backends, name='visualizer')
log_processor = dict(by_epoch=False)
log_level = 'INFO'
load_from = None
resume = False

default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', by_epoch=False, interval=5000),
    sampler_seed=dict(type='DistSamplerSeedHook'))
