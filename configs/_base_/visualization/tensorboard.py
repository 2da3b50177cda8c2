# Add to a config's _base_ list to log scalars and the visualisation hook's
# grids (tools/test.py --show-dir, CorruptionVisualizationHook) to
# TensorBoard as well as to the work dir:
#   _base_ = ['../hcl/hcl_tiny_cpu.py',
#             '../_base_/visualization/tensorboard.py']
#   tensorboard --logdir work_dirs/<config>/<timestamp>/vis_data
vis_backends = [
    dict(type='LocalVisBackend'),
    dict(type='TensorboardVisBackend'),
]
visualizer = dict(
    type='Visualizer', vis_backends=vis_backends, name='visualizer')
