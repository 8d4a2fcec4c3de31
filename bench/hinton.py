"""Hinton & Salakhutdinov's (2006) deep-autoencoder recipe, rebuilt from their published Matlab
code (mnistdeepauto.m, rbm.m, rbmhidlinear.m, backprop.m, CG_MNIST.m):

1. a stack of RBMs 784-1000-500-250-30 trained one after another by contrastive divergence
   (CD-1) on batches of 100: binary hidden units, the last layer's 30 units linear with unit
   Gaussian noise; learning rate 0.1 (0.001 for the linear layer), weight cost 2e-4, momentum
   0.5 for 5 epochs and 0.9 after; 50 epochs per layer in the paper, 10 in the released code;
2. the RBMs unrolled into a 784-1000-500-250-30-250-500-1000-784 autoencoder (the decoder takes
   the transposed weights and the visible biases);
3. fine-tuning of the whole net on the cross-entropy summed over the pixels: 200 epochs, each
   a pass over 60 fixed batches of 1000 images with 3 line searches of conjugate gradients per
   batch. scipy's CG (Polak-Ribiere, Wolfe line search, ``maxiter=3``) stands for Rasmussen's
   minimize.m with length 3.

The score is the paper's: squared error summed over the pixels, averaged over the test images
(3.00 after 200 epochs in Fig. 2's caption). Run it: ``python -m bench.hinton --help``.
"""

import argparse
import json
import time

import keras
import numpy as np
from keras import ops
from scipy.optimize import minimize
from scipy.special import expit

from bench.common import flat, mnist, mse, predict, seed_all
from bench.reference import summed_bce

SIZES = (784, 1000, 500, 250, 30)


def rbm(v_data, hidden, epochs, linear=False, batch=100, seed=0):
    """CD-1 training of one RBM on ``v_data`` (n, visible) in [0, 1], as rbm.m (binary hidden
    units) or rbmhidlinear.m (``linear``: Gaussian hidden units of unit variance). Returns the
    weights (visible, hidden), the hidden and the visible biases."""
    rng = keras.random.SeedGenerator(seed)
    lr, weight_cost = (0.001 if linear else 0.1), 2e-4
    w = 0.1 * keras.random.normal((v_data.shape[1], hidden), seed=rng)
    b_h, b_v = ops.zeros((hidden,)), ops.zeros((v_data.shape[1],))
    dw, db_h, db_v = ops.zeros_like(w), ops.zeros_like(b_h), ops.zeros_like(b_v)
    order = np.random.default_rng(seed).permutation(len(v_data))
    batches = [v_data[order[i : i + batch]] for i in range(0, len(v_data), batch)]
    for epoch in range(epochs):
        momentum = 0.5 if epoch < 5 else 0.9
        for v in batches:
            v = ops.convert_to_tensor(v)
            h = ops.matmul(v, w) + b_h
            if linear:
                h_sample = h + keras.random.normal(ops.shape(h), seed=rng)
            else:
                h = ops.sigmoid(h)
                h_sample = ops.cast(h > keras.random.uniform(ops.shape(h), seed=rng), h.dtype)
            v_neg = ops.sigmoid(ops.matmul(h_sample, ops.transpose(w)) + b_v)
            h_neg = ops.matmul(v_neg, w) + b_h
            h_neg = h_neg if linear else ops.sigmoid(h_neg)
            n = v.shape[0]
            grad_w = (ops.matmul(ops.transpose(v), h) - ops.matmul(ops.transpose(v_neg), h_neg)) / n
            dw = momentum * dw + lr * (grad_w - weight_cost * w)
            db_h = momentum * db_h + lr * ops.mean(h - h_neg, axis=0)
            db_v = momentum * db_v + lr * ops.mean(v - v_neg, axis=0)
            w, b_h, b_v = w + dw, b_h + db_h, b_v + db_v
    return [ops.convert_to_numpy(t) for t in (w, b_h, b_v)]


def pretrain(x, epochs, seed=0):
    """The RBM stack on images ``x`` (n, 784): one (weights, hidden bias, visible bias) per layer;
    each RBM learns from the hidden probabilities (or linear activities) of the one below under
    its final weights (rbm.m keeps those computed during its last epoch)."""
    stack, v = [], flat(x)
    for i, hidden in enumerate(SIZES[1:]):
        linear = i == len(SIZES) - 2
        w, b_h, b_v = rbm(v, hidden, epochs, linear=linear, seed=seed + i)
        stack.append((w, b_h, b_v))
        v = v @ w + b_h
        v = v if linear else expit(v)
    return stack


def unroll(stack):
    """The autoencoder of backprop.m: encoder layers with the RBMs' weights and hidden biases
    (sigmoid, the code linear), decoder layers with the transposed weights and visible biases."""
    inp = keras.Input((784,))
    h, last = inp, len(stack) - 1
    encoder = [
        (w, b_h, "linear" if i == last else "sigmoid") for i, (w, b_h, _) in enumerate(stack)
    ]
    decoder = [(w.T, b_v, "sigmoid") for w, _, b_v in reversed(stack)]
    for w, b, activation in encoder + decoder:
        layer = keras.layers.Dense(w.shape[1], activation=activation)
        h = layer(h)
        layer.set_weights([w, b])
    return keras.Model(inp, h, name="hinton_autoencoder")


def value_and_grad(model):
    """``f(theta, x) -> (loss, grad)`` for the model's trainable weights flattened into one
    float32 vector ``theta``: the mean over images of the cross-entropy summed over the pixels
    (CG_MNIST.m's f) and its gradient, compiled once (the split and reshape run inside)."""
    shapes = [tuple(v.shape) for v in model.trainable_variables]
    cuts = [int(c) for c in np.cumsum([np.prod(s) for s in shapes])[:-1]]

    def loss(theta, x):
        values = [ops.reshape(part, s) for part, s in zip(ops.split(theta, cuts), shapes)]
        return ops.mean(summed_bce(x, model.stateless_call(values, [], x)[0]))

    backend = keras.backend.backend()
    if backend == "jax":
        import jax

        return jax.jit(jax.value_and_grad(loss))
    if backend == "tensorflow":
        import tensorflow as tf

        @tf.function
        def f(theta, x):
            with tf.GradientTape() as tape:
                tape.watch(theta)
                value = loss(theta, x)
            return value, tape.gradient(value, theta)

        return f
    raise ValueError(f"backend={backend!r}: the CG fine-tuning needs 'jax' or 'tensorflow'")


def flatten(model):
    """The model's trainable weights as one float32 vector (the order value_and_grad expects)."""
    return np.concatenate([ops.convert_to_numpy(v).ravel() for v in model.trainable_variables])


def unflatten(model, theta):
    """The inverse of ``flatten``: one float32 array per trainable weight, in the model's shapes
    (all of the unrolled net's weights are trainable)."""
    sizes = np.cumsum([int(np.prod(v.shape)) for v in model.trainable_variables])[:-1]
    parts = np.split(theta.astype("float32"), sizes)
    return [p.reshape(v.shape) for p, v in zip(parts, model.trainable_variables)]


def cg_finetune(model, x, epochs, batch=1000, line_searches=3, on_epoch=None):
    """backprop.m's fine-tuning: per epoch, each fixed batch of ``batch`` images gets
    ``line_searches`` iterations of scipy's conjugate gradients on all weights together.
    ``on_epoch(epoch, model)`` is called after each epoch."""
    f = value_and_grad(model)

    def fun(theta, xb):  # scipy works in float64, the network in float32
        value, grad = f(theta.astype("float32"), xb)
        return float(value), ops.convert_to_numpy(grad).astype("float64")

    x = flat(x).astype("float32")
    theta = flatten(model).astype("float64")
    for epoch in range(epochs):
        for i in range(0, len(x), batch):
            xb, options = x[i : i + batch], {"maxiter": line_searches}
            theta = minimize(fun, theta, args=(xb,), jac=True, method="CG", options=options).x
        model.set_weights(unflatten(model, theta))
        if on_epoch:
            on_epoch(epoch + 1, model)
    return model


def squared_error(model, x):
    """The paper's score: squared error summed over the pixels, mean over the images."""
    return 784 * mse(x, predict(model, flat(x)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rbm-epochs", type=int, default=50, help="per layer (the paper: 50)")
    parser.add_argument("--epochs", type=int, default=200, help="CG epochs (the paper: 200)")
    parser.add_argument("--n", type=int, default=None, help="training images (all 60000)")
    parser.add_argument("--log", default=None, help="JSON file: the error after every epoch")
    a = parser.parse_args()
    (x, _), (xt, _) = mnist(a.n, None, a.seed)
    seed_all(a.seed)
    start, log = time.time(), {"args": vars(a), "epochs": []}

    def report(epoch, model):
        row = dict(epoch=epoch, train=squared_error(model, x), test=squared_error(model, xt))
        log["epochs"].append({**row, "seconds": round(time.time() - start)})
        print(log["epochs"][-1], flush=True)
        if a.log:
            with open(a.log, "w") as out:
                json.dump(log, out, indent=1)

    model = unroll(pretrain(x, a.rbm_epochs, a.seed))
    report(0, model)
    cg_finetune(model, x, a.epochs, on_epoch=report)


if __name__ == "__main__":
    main()
