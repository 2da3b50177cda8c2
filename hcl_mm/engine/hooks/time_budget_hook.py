# Copyright (c) hcl_mm contributors. All rights reserved.
import math
import os.path as osp
import time
from typing import Optional

from mmengine.dist import is_main_process
from mmengine.hooks import Hook

from hcl_mm.registry import HOOKS


@HOOKS.register_module()
class TimeBudgetHook(Hook):
    """Train for a wall-clock budget instead of (or before) ``max_iters``.

    The CPU-scale recipe compares settings at equal compute, not equal
    iterations: this hook stops the loop once ``minutes`` of training have
    passed and, every ``save_every`` minutes, writes a checkpoint named by
    the elapsed time (``minute_{m}.pth``, ``m`` zero-padded), the points of
    a learning curve (IoU vs minutes). The clock counts training
    iterations only (from the first one; validation and checkpoint writing
    excluded) and survives ``--resume`` (kept as ``train_minutes`` in the
    message hub). When the budget ends the run, a final ``minute_{m}.pth``
    is written with the optimizer and scheduler states and recorded in the
    work dir's ``last_checkpoint``, so ``--resume`` with a larger budget
    continues from where the budget stopped.

    With ``fit_schedule``, the run is sized to the budget: after
    ``fit_at`` iterations (timed from the ``fit_at // 5``-th, past the
    loaders' and kernels' start) the hook sets the loop's ``max_iters`` to
    the iterations the remaining minutes allow at the measured speed, and
    stretches (or shrinks) every iteration-based parameter scheduler that
    ended at the old ``max_iters`` to end there too (a cosine's ``T_max``
    in proportion), so a decay reaches its floor when the budget ends
    whatever the machine (the lent GPU's minutes, a CPU shared with other
    work). Schedulers ending earlier (a warm-up) are left alone. Halfway
    between that fit and the budget's end the hook fits once more, on the
    speed since the first fit (a steady-state speed: the first lent-GPU
    run slowed by 5 % after its fit, so its decay ended early). The loop
    then ends on ``max_iters``; the final checkpoint is written there too.

    Args:
        minutes (float, optional): the budget; None never stops.
        save_every (float, optional): minutes between curve checkpoints;
            None writes none but the final one.
        clock (str): ``'train'`` counts the iterations' own time (data
            waiting, validation and checkpoint writing excluded);
            ``'wall'`` counts the time between iterations too (data
            waiting included; validation and checkpoints still excluded),
            the budget of a lent machine.
        fit_schedule (bool): size ``max_iters`` and the schedulers to the
            budget (needs ``minutes``).
        fit_at (int): iterations of this run timed before fitting.
    """

    priority = 'LOW'

    def __init__(self,
                 minutes: Optional[float] = None,
                 save_every: Optional[float] = None,
                 clock: str = 'train',
                 fit_schedule: bool = False,
                 fit_at: int = 50) -> None:
        if minutes is not None and minutes <= 0:
            raise ValueError(f'minutes must be > 0, got {minutes}')
        if save_every is not None and save_every <= 0:
            raise ValueError(f'save_every must be > 0, got {save_every}')
        if clock not in ('train', 'wall'):
            raise ValueError(f"clock must be 'train' or 'wall', got {clock!r}")
        if fit_schedule and minutes is None:
            raise ValueError('fit_schedule needs a budget (minutes)')
        if fit_at < 5:
            raise ValueError(f'fit_at must be >= 5, got {fit_at}')
        self.minutes = minutes
        self.save_every = save_every
        self.clock = clock
        self.fit_schedule = fit_schedule
        self.fit_at = fit_at
        self.elapsed = 0.
        self._start = None
        self._next_save = save_every
        self._iters_run = 0
        self._fit_from = None
        self._refit_at = None

    def before_train(self, runner) -> None:
        """Continue the clock of a resumed run (``train_minutes`` is kept
        in the checkpoint's message hub)."""
        minutes = runner.message_hub.get_info('train_minutes', 0.) or 0.
        self.elapsed = minutes * 60
        self._iters_run = 0
        self._fit_from = None
        self._refit_at = None
        self._start = time.perf_counter() if self.clock == 'wall' else None
        if self.save_every is not None:
            self._next_save = self.save_every
            while self._next_save <= minutes:
                self._next_save += self.save_every

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch=None) -> None:
        if self.clock == 'train' or self._start is None:
            self._start = time.perf_counter()

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs=None) -> None:
        now = time.perf_counter()
        if self._start is not None:
            self.elapsed += now - self._start
        self._iters_run += 1
        if self.fit_schedule:
            if self._iters_run == self.fit_at // 5:
                self._fit_from = (self._iters_run, self.elapsed)
            elif self._iters_run == self.fit_at:
                self._fit(runner)
                self._fit_from = (self._iters_run, self.elapsed)
                self._refit_at = (self.elapsed + self.minutes * 60) / 2
            elif self._refit_at is not None and \
                    self.elapsed >= self._refit_at:
                self._fit(runner)
                self._refit_at = None
        minutes = self.elapsed / 60
        runner.message_hub.update_info('train_minutes', minutes)
        ending = self.minutes is not None and minutes >= self.minutes
        if self.fit_schedule:
            ending |= runner.iter + 1 >= runner.train_loop.max_iters
        if self._next_save is not None and minutes >= self._next_save:
            # the budget's own checkpoint stands for curve points at or
            # past it (no float equality on accumulated minutes)
            if not (ending and self._next_save >= self.minutes):
                self._save(runner, self._next_save)
            while self._next_save <= minutes:
                self._next_save += self.save_every
        if ending:
            self._save(runner, self.minutes, final=True)
            runner.logger.info(
                f'TimeBudgetHook: {minutes:.1f} min of training reached at '
                f'iteration {runner.iter + 1}; stopping')
            runner.train_loop.stop_training = True
        # the wall clock runs on from here (checkpoint writing excluded)
        self._start = time.perf_counter() if self.clock == 'wall' else None

    def _fit(self, runner) -> None:
        """Set ``max_iters`` (and the schedulers ending there) to what the
        remaining budget allows at the speed measured so far."""
        iters0, elapsed0 = self._fit_from
        per_iter = (self.elapsed - elapsed0) / (self._iters_run - iters0)
        left = max(self.minutes * 60 - self.elapsed, 0.)
        old_max = runner.train_loop.max_iters
        new_max = runner.iter + 1 + math.floor(left / max(per_iter, 1e-9))
        # MMEngine's IterBasedTrainLoop has no setter for its length
        runner.train_loop._max_iters = new_max
        schedulers = runner.param_schedulers or []
        if isinstance(schedulers, dict):
            schedulers = [s for group in schedulers.values() for s in group]
        for scheduler in schedulers:
            if scheduler.by_epoch or scheduler.end < old_max:
                continue
            span = scheduler.end - scheduler.begin
            if hasattr(scheduler, 'T_max'):
                scheduler.T_max = max(
                    1,
                    round(scheduler.T_max * (new_max - scheduler.begin) /
                          span))
            scheduler.end = new_max
        runner.logger.info(
            f'TimeBudgetHook: {per_iter:.3f} s/it over iterations '
            f'{iters0}-{self._iters_run} of this run; max_iters {old_max} -> '
            f'{new_max} to end with the {self.minutes} min budget')

    @staticmethod
    def _save(runner, minute: float, final: bool = False) -> None:
        """A curve point (weights only) or, ``final``, the resumable
        checkpoint the budget ends on (named in ``last_checkpoint``)."""
        name = f'minute_{minute:06.1f}.pth'
        path = osp.join(runner.work_dir, name)
        if final or not osp.isfile(path):
            # by_epoch=False: the meta holds the iterations done (and the
            # current epoch), as CheckpointHook's iteration checkpoints
            runner.save_checkpoint(
                runner.work_dir,
                name,
                by_epoch=False,
                save_optimizer=final,
                save_param_scheduler=final)
        if final:
            # what mmengine's CheckpointHook records for ``--resume``
            runner.message_hub.update_info('last_ckpt', path)
            if is_main_process():
                with open(osp.join(runner.work_dir, 'last_checkpoint'),
                          'w') as f:
                    f.write(path)
