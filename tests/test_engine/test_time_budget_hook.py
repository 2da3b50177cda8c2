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
