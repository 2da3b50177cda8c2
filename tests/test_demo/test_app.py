# Copyright (c) hcl_mm contributors. All rights reserved.
"""demo/app.py end to end: the server with the shipped model, driven by a
real headless Chromium (Debian's chromium + chromium-driver): a photo in, a
restored image and a mask out; a non-image upload shows an error; painted
edits change the mask."""
import base64
import importlib.util
import io
import os.path as osp
import shutil
import socket
import threading
import time

import numpy as np
import pytest
import requests
from conftest import REPO
from PIL import Image

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
DRIVER = shutil.which('chromedriver')
EXAMPLE = osp.join(REPO, 'hcl_mm', 'data', 'examples', 'text_dog.png')

spec = importlib.util.spec_from_file_location('demo_app',
                                              osp.join(REPO, 'demo', 'app.py'))
app_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app_module)


def decode(data_url):
    assert data_url.startswith('data:image/png;base64,')
    return np.asarray(
        Image.open(io.BytesIO(base64.b64decode(data_url.split(',', 1)[1]))))


@pytest.fixture(scope='module')
def server():
    import uvicorn
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        app_module.create_app(),
        host='127.0.0.1',
        port=port,
        log_level='warning')
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    url = f'http://127.0.0.1:{port}'
    for _ in range(200):
        try:
            requests.get(url, timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


def test_api_restore_edits_and_errors(server, tmp_path):
    with open(EXAMPLE, 'rb') as f:
        photo = f.read()
    res = requests.post(
        f'{server}/api/restore',
        files=dict(image=('dog.png', photo)),
        data=dict(threshold='0.5'))
    assert res.status_code == 200, res.text
    body = res.json()
    restored, mask = decode(body['restored']), decode(body['mask'])
    assert restored.shape == (256, 256, 3) and mask.shape == (256, 256)
    assert 0 < body['corrupted_fraction'] < 0.6
    # painting: a red square adds to the mask, green erases everything else
    edits = np.zeros((256, 256, 3), np.uint8)
    edits[..., 1] = 255
    edits[:32, :32] = (255, 0, 0)
    buf = io.BytesIO()
    Image.fromarray(edits).save(buf, 'PNG')
    res = requests.post(
        f'{server}/api/restore',
        files=dict(image=('dog.png', photo), edits=('e.png', buf.getvalue())))
    mask = decode(res.json()['mask'])
    assert (mask[:32, :32] == 255).all() and (mask[40:, 40:] == 0).all()
    res = requests.post(
        f'{server}/api/restore', files=dict(image=('notes.png', b'hello')))
    assert res.status_code == 400 and 'notes.png' in res.json()['detail']


@pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason='needs Debian chromium + chromium-driver (.ci/run installs them)')
def test_browser_photo_in_restored_out(server, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ('--headless=new', '--no-sandbox', '--disable-gpu',
                '--disable-dev-shm-usage'):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    try:
        driver.get(server)
        driver.find_element(By.ID, 'file').send_keys(EXAMPLE)
        wait = WebDriverWait(driver, 180)
        wait.until(lambda d: (d.find_element(By.ID, 'restored').get_attribute(
            'src') or '').startswith('data:image/png'))
        restored = decode(
            driver.find_element(By.ID, 'dl-restored').get_attribute('href'))
        assert restored.shape == (256, 256, 3)
        assert driver.find_element(
            By.ID, 'dl-mask').get_attribute('download') == 'text_dog_mask.png'
        assert 'marked corrupted' in driver.find_element(By.ID, 'status').text
        # a file that is not an image: the page says so
        bad = tmp_path / 'notes.png'
        bad.write_text('not a photo')
        driver.find_element(By.ID, 'file').send_keys(str(bad))
        wait.until(
            lambda d: 'not an image' in d.find_element(By.ID, 'error').text)
    finally:
        driver.quit()
