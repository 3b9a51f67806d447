"""The Keras side of `dl-tutor bench`'s LeNet-5 epoch (see src/bench/lenetRun.ts).

usage: .bench-venv/bin/python scripts/bench-lenet-keras.py <dir>
Reads x.f32 / y.i32 written by `node dist/bench-lenet.js gen <dir>`, builds the same LeNet-5
(tanh, average pooling, softmax), SGD(0.05), batch 64, no shuffling; a warm-up fit on 128 images,
then one timed epoch of model.fit. Prints JSON.
"""
import json, os, sys, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import tensorflow as tf
import keras

N, SIZE, CLASSES, BATCH, LR, WARMUP = 2048, 28, 6, 64, 0.05, 128
d = sys.argv[1]
x = np.fromfile(os.path.join(d, "x.f32"), dtype="<f4").reshape(N, SIZE, SIZE, 1)
y = keras.utils.to_categorical(np.fromfile(os.path.join(d, "y.i32"), dtype="<i4"), CLASSES).astype("float32")
model = keras.Sequential([
    keras.Input((SIZE, SIZE, 1)),
    keras.layers.Conv2D(6, 5, activation="tanh"),
    keras.layers.AveragePooling2D(2, 2),
    keras.layers.Conv2D(16, 5, activation="tanh"),
    keras.layers.AveragePooling2D(2, 2),
    keras.layers.Flatten(),
    keras.layers.Dense(120, activation="tanh"),
    keras.layers.Dense(84, activation="tanh"),
    keras.layers.Dense(CLASSES, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(LR), loss="categorical_crossentropy")
model.fit(x[:WARMUP], y[:WARMUP], epochs=1, batch_size=BATCH, shuffle=False, verbose=0)
t0 = time.perf_counter()
h = model.fit(x, y, epochs=1, batch_size=BATCH, shuffle=False, verbose=0)
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"engine": "keras " + keras.__version__ + " / tensorflow " + tf.__version__, "epochMs": round(ms), "msPerBatch": round(ms / -(-N // BATCH), 2), "loss": float(h.history["loss"][0]), "params": model.count_params()}))
