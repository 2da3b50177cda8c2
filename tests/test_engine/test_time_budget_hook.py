# Copyright (c) hcl_mm contributors. All rights reserved.
import logging
import os.path as osp
from types import SimpleNamespace

import pytest

from hcl_mm.engine.hooks import time_budget_hook
from hcl_mm.engine.hooks.time_budget_hook import TimeBudgetHook


class FakeClock:

    def __init__(self):
        self.now = 0.

    def __call__(self):
        return self.now


def fake_runner(tmp_path):
    saved = []
    runner = SimpleNamespace(
        work_dir=str(tmp_path),
        iter=0,
        train_loop=SimpleNamespace(stop_training=False),
        message_hub=SimpleNamespace(info={}),
        logger=logging.getLogger('test_time_budget'))

    def save_checkpoint(out_dir, name, **kw):
        saved.append(name)
        runner.save_kwargs = kw
        open(osp.join(out_dir, name), 'w').close()

    runner.message_hub.update_info = runner.message_hub.info.__setitem__
    runner.message_hub.get_info = runner.message_hub.info.get
    runner.save_checkpoint = save_checkpoint
    return runner, saved


def test_stops_at_budget_and_saves_curve_points(tmp_path, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(time_budget_hook.time, 'perf_counter', clock)
    runner, saved = fake_runner(tmp_path)
    hook = TimeBudgetHook(minutes=5, save_every=2)
    hook.before_train(runner)
    for i in range(20):
        runner.iter = i
        hook.before_train_iter(runner, i)
        clock.now += 45.  # a 45 s iteration ...
        hook.after_train_iter(runner, i)
        clock.now += 600.  # ... then time outside training (not counted)
        if runner.train_loop.stop_training:
            break
    assert runner.train_loop.stop_training
    assert i == 6  # 7 iterations x 45 s = 5.25 min >= 5
    assert saved == [
        'minute_0002.0.pth', 'minute_0004.0.pth', 'minute_0005.0.pth'
    ]
    # the run ends on a resumable checkpoint that --resume finds
    assert runner.save_kwargs == dict(
        by_epoch=False, save_optimizer=True, save_param_scheduler=True)
    final = osp.join(str(tmp_path), 'minute_0005.0.pth')
    with open(osp.join(str(tmp_path), 'last_checkpoint')) as f:
        assert f.read() == final
    assert runner.message_hub.info['last_ckpt'] == final


def test_no_budget_never_stops(tmp_path, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(time_budget_hook.time, 'perf_counter', clock)
    runner, saved = fake_runner(tmp_path)
    hook = TimeBudgetHook()
    for i in range(10):
        hook.before_train_iter(runner, i)
        clock.now += 600.
        hook.after_train_iter(runner, i)
    assert not runner.train_loop.stop_training and saved == []
    with pytest.raises(ValueError):
        TimeBudgetHook(minutes=0)


def test_resumed_run_continues_the_clock(tmp_path, monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(time_budget_hook.time, 'perf_counter', clock)
    runner, saved = fake_runner(tmp_path)
    runner.message_hub.info['train_minutes'] = 4.5  # from the checkpoint
    hook = TimeBudgetHook(minutes=6, save_every=2)
    hook.before_train(runner)
    for i in range(3):
        hook.before_train_iter(runner, i)
        clock.now += 60.
        hook.after_train_iter(runner, i)
        if runner.train_loop.stop_training:
            break
    assert i == 1 and runner.train_loop.stop_training  # 6.5 min >= 6
    assert saved == ['minute_0006.0.pth']  # 2 and 4 were before the resume


def fitting_run(tmp_path, monkeypatch, max_iters):
    """A fake clock, a fake runner of ``max_iters`` and an optimizer for
    its schedulers."""
    import torch
    clock = FakeClock()
    monkeypatch.setattr(time_budget_hook.time, 'perf_counter', clock)
    runner, saved = fake_runner(tmp_path)
    runner.train_loop._max_iters = max_iters
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.)
    return clock, runner, saved, optimizer


def test_fit_schedule_sizes_the_run_and_its_decay_to_the_budget(
        tmp_path, monkeypatch):
    from mmengine.optim.scheduler import CosineAnnealingLR, LinearLR
    clock, runner, saved, optimizer = fitting_run(tmp_path, monkeypatch, 10000)
    warmup = LinearLR(
        optimizer, start_factor=0.1, by_epoch=False, begin=0, end=20)
    cosine = CosineAnnealingLR(
        optimizer, eta_min_ratio=0.01, by_epoch=False, begin=20, end=10000)
    runner.param_schedulers = dict(generator=[warmup, cosine])
    hook = TimeBudgetHook(
        minutes=1, clock='wall', fit_schedule=True, fit_at=10)
    hook.before_train(runner)
    for i in range(10000):
        runner.iter = i
        runner.train_loop.max_iters = runner.train_loop._max_iters
        clock.now += 0.5  # data waiting: counted on the wall clock
        hook.before_train_iter(runner, i)
        clock.now += 0.5 if i >= 2 else 5.  # slow first iterations
        hook.after_train_iter(runner, i)
        if runner.train_loop.stop_training or \
                i + 1 >= runner.train_loop._max_iters:
            break
    # timed over iterations 2-10 at 1 s each (the two 5.5 s ones
    # skipped): 60 s - 19 s spent leaves 41 more iterations
    assert runner.train_loop._max_iters == 10 + 41
    assert (warmup.begin, warmup.end) == (0, 20)  # the warm-up kept
    assert (cosine.begin, cosine.end, cosine.T_max) == (20, 51, 31)
    # the loop ends on max_iters with the final, resumable checkpoint
    assert i == 50 and saved == ['minute_0001.0.pth']
    assert runner.save_kwargs['save_optimizer']


def test_fit_schedule_needs_a_budget_and_a_known_clock():
    with pytest.raises(ValueError, match='budget'):
        TimeBudgetHook(fit_schedule=True)
    with pytest.raises(ValueError, match='clock'):
        TimeBudgetHook(minutes=1, clock='cpu')


def test_fit_schedule_refits_halfway_on_the_steady_speed(
        tmp_path, monkeypatch):
    """Iterations slow from 1 s to 2 s after the first fit: the fit
    halfway to the budget's end shortens the run and its decay, so both
    end with the budget (the first fit's 60 iterations would take 108 s)."""
    from mmengine.optim.scheduler import CosineAnnealingLR
    clock, runner, saved, optimizer = fitting_run(tmp_path, monkeypatch, 1000)
    cosine = CosineAnnealingLR(
        optimizer, eta_min_ratio=0.01, by_epoch=False, begin=0, end=1000)
    runner.param_schedulers = [cosine]
    hook = TimeBudgetHook(
        minutes=1, clock='wall', fit_schedule=True, fit_at=10)
    hook.before_train(runner)
    fitted = []
    for i in range(1000):
        runner.iter = i
        runner.train_loop.max_iters = runner.train_loop._max_iters
        hook.before_train_iter(runner, i)
        clock.now += 1. if i < 12 else 2.
        hook.after_train_iter(runner, i)
        if runner.train_loop._max_iters not in fitted:
            fitted.append(runner.train_loop._max_iters)
        if runner.train_loop.stop_training:
            break
    # first fit (iterations 2-10 at 1 s): 50 more; refit due at 35 s,
    # done after iteration 24 (36 s; 26 s over the 14 iterations since the
    # first fit): 24 s left at 1.86 s/it = 12 more
    assert fitted == [1000, 60, 36]
    assert i + 1 == 36 and clock.now == 60
    assert (cosine.end, cosine.T_max) == (36, 36)
    assert saved == ['minute_0001.0.pth']
