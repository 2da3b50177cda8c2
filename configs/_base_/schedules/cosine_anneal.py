# A cosine decay of every optimizer's learning rate to 1 % over the run's
# length: the last stretch after a constant-rate run (steps 1b / 1d / 2b of
# docs/training_recipe.md). A fragment: a config lists it among its bases,
# then names the length once and ties training to it
#   anneal_iters = 8000
#   train_cfg = dict(max_iters='${anneal_iters}')
# (late-bound: --cfg-options anneal_iters=N sets training and decay
# together). One list: MMEngine applies it to every optimizer of an
# OptimWrapperDict (generator, refiner, critic).
anneal_iters = 8000
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        T_max='${anneal_iters}',
        eta_min_ratio=0.01,
        by_epoch=False,
        begin=0,
        end='${anneal_iters}')
]
