# Copyright (c) hcl_mm contributors. All rights reserved.
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

    Args:
        minutes (float, optional): the budget; None never stops.
        save_every (float, optional): minutes between curve checkpoints;
            None writes none but the final one.
    """

    priority = 'LOW'

    def __init__(self,
                 minutes: Optional[float] = None,
                 save_every: Optional[float] = None) -> None:
        if minutes is not None and minutes <= 0:
            raise ValueError(f'minutes must be > 0, got {minutes}')
        if save_every is not None and save_every <= 0:
            raise ValueError(f'save_every must be > 0, got {save_every}')
        self.minutes = minutes
        self.save_every = save_every
        self.elapsed = 0.
        self._start = None
        self._next_save = save_every

    def before_train(self, runner) -> None:
        """Continue the clock of a resumed run (``train_minutes`` is kept
        in the checkpoint's message hub)."""
        minutes = runner.message_hub.get_info('train_minutes', 0.) or 0.
        self.elapsed = minutes * 60
        if self.save_every is not None:
            self._next_save = self.save_every
            while self._next_save <= minutes:
                self._next_save += self.save_every

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch=None) -> None:
        self._start = time.perf_counter()

    def after_train_iter(self,
                         runner,
                         batch_idx: int,
                         data_batch=None,
                         outputs=None) -> None:
        if self._start is not None:
            self.elapsed += time.perf_counter() - self._start
        minutes = self.elapsed / 60
        runner.message_hub.update_info('train_minutes', minutes)
        ending = self.minutes is not None and minutes >= self.minutes
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
