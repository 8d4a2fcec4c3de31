"""Stacked autoencoders: greedy layer-wise pretraining, assembly, classifier head, fine-tuning."""

import keras
import numpy as np
import pytest

from aekeras import create_classifier, create_stacked_ae, load_mnist, pretrain_stack

HIDDEN = (64, 16)


@pytest.fixture(scope="module")
def mnist():
    (x_train, y_train), (x_test, y_test) = load_mnist(n_train=512, n_test=256, seed=0)
    return x_train, y_train, x_test, y_test


@pytest.fixture(scope="module")
def pretrained(mnist):
    x_train = mnist[0]
    keras.utils.set_random_seed(0)
    enc_layers, dec_layers = pretrain(x_train)
    snapshot = [layer.get_weights() for layer in enc_layers + dec_layers]
    return enc_layers, dec_layers, snapshot


def pretrain(x, hidden=HIDDEN, epochs=5):
    # a tiny subset takes few steps per epoch: a larger learning rate makes them count
    optimizer = keras.optimizers.Adam(1e-2)
    return pretrain_stack(x, hidden=hidden, epochs=epochs, batch_size=32, optimizer=optimizer)


def as_np(x):
    return keras.ops.convert_to_numpy(x)


def test_each_layer_is_trained_on_the_codes_of_the_one_below(mnist, pretrained):
    x_train = mnist[0]
    enc_layers, dec_layers, _ = pretrained
    assert [tuple(e.kernel.shape) for e in enc_layers] == [(784, 64), (64, 16)]
    assert [tuple(d.kernel.shape) for d in dec_layers] == [(64, 784), (16, 64)]
    h1 = as_np(enc_layers[0](x_train.reshape(len(x_train), -1)))
    # layer 2 learnt to reconstruct h1 = encoder_1(x): far better than predicting its mean
    h1_restored = as_np(dec_layers[1](enc_layers[1](h1)))
    baseline = np.mean((h1 - h1.mean(axis=0)) ** 2)
    assert np.mean((h1_restored - h1) ** 2) < 0.7 * baseline


def test_pretraining_is_greedy_later_layers_do_not_change_earlier_ones(mnist, pretrained):
    """With the same seed, the first layer's weights are the same whether or not a second
    layer is trained after it."""
    x_train = mnist[0]
    keras.utils.set_random_seed(0)
    only_first, _ = pretrain(x_train, hidden=HIDDEN[:1])
    snapshot = pretrained[2]
    for got, want in zip(only_first[0].get_weights(), snapshot[0], strict=True):
        np.testing.assert_allclose(got, want, atol=1e-6)


def test_assembled_stack_reuses_exactly_the_pretrained_weights(mnist, pretrained, tmp_path):
    x_train, _, x_test, _ = mnist
    enc_layers, dec_layers, snapshot = pretrained
    encoder, decoder, autoencoder = create_stacked_ae(enc_layers, dec_layers)
    assert (encoder.name, decoder.name, autoencoder.name) == ("encoder", "decoder", "autoencoder")
    stack_vars = {id(v) for v in autoencoder.weights}
    for layer, saved in zip(enc_layers + dec_layers, snapshot, strict=True):
        assert {id(v) for v in layer.weights} <= stack_vars  # the same variables
        for got, want in zip(layer.get_weights(), saved, strict=True):
            assert np.array_equal(got, want)
    assert {id(v) for v in encoder.weights + decoder.weights} == stack_vars
    assert encoder.output_shape == (None, HIDDEN[-1])
    restored = autoencoder.predict(x_test, verbose=0)
    assert restored.shape == x_test.shape
    # the deep AE computes the layers in order: h2 = e2(e1(x)), x_hat = d1(d2(h2))
    h = x_test.reshape(len(x_test), -1)
    for enc in enc_layers:
        h = enc(h)
    for dec in reversed(dec_layers):
        h = dec(h)
    np.testing.assert_allclose(restored.reshape(len(x_test), -1), as_np(h), atol=1e-5)

    path = tmp_path / "stacked.keras"
    autoencoder.save(path)
    loaded = keras.models.load_model(path)
    np.testing.assert_allclose(loaded.predict(x_test, verbose=0), restored, atol=1e-6)


def test_fine_tuning_the_stack_lowers_the_loss(mnist):
    x_train, _, x_test, _ = mnist
    keras.utils.set_random_seed(1)
    enc_layers, dec_layers = pretrain(x_train, epochs=2)
    _, _, autoencoder = create_stacked_ae(enc_layers, dec_layers)
    autoencoder.compile(optimizer="adam", loss="mse")
    before = autoencoder.evaluate(x_test, x_test, verbose=0)
    autoencoder.fit(x_train, x_train, epochs=3, batch_size=64, verbose=0)
    assert autoencoder.evaluate(x_test, x_test, verbose=0) < 0.95 * before


@pytest.mark.parametrize("trainable", [False, True])
def test_classifier_head_freezes_or_fine_tunes_the_encoder(mnist, trainable):
    x_train, y_train, _, _ = mnist
    keras.utils.set_random_seed(2)
    enc_layers, dec_layers = pretrain(x_train, epochs=2)
    encoder, _, _ = create_stacked_ae(enc_layers, dec_layers)
    classifier = create_classifier(encoder, n_classes=10, hidden=(16,), trainable_encoder=trainable)
    assert classifier.output_shape == (None, 10)
    n_encoder = len(encoder.weights)
    assert len(classifier.trainable_weights) == 4 + (n_encoder if trainable else 0)
    encoder_before = [w.copy() for w in encoder.get_weights()]
    head_before = [w.copy() for w in classifier.layers[-1].get_weights()]
    classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acc"])
    history = classifier.fit(x_train, y_train, epochs=3, batch_size=64, verbose=0)
    encoder_changed = any(
        not np.array_equal(a, b) for a, b in zip(encoder_before, encoder.get_weights(), strict=True)
    )
    assert encoder_changed is trainable
    assert not np.array_equal(head_before[0], classifier.layers[-1].get_weights()[0])
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_callbacks_see_every_layer_train_with_its_own_input_size(mnist):
    """A progress bar passed to pretrain_stack follows each layer's fit, bottom first."""

    class Record(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.fits, self.epochs = [], 0

        def on_train_begin(self, logs=None):
            self.fits.append(self.model.input_shape[-1])

        def on_epoch_end(self, epoch, logs=None):
            self.epochs += 1

    record = Record()
    pretrain_stack(mnist[0][:64], hidden=HIDDEN, epochs=2, batch_size=32, callbacks=[record])
    assert record.fits == [784, HIDDEN[0]]
    assert record.epochs == 2 * len(HIDDEN)


def test_bad_arguments_raise_value_error_naming_them(mnist, pretrained):
    x_train = mnist[0]
    enc_layers, dec_layers, _ = pretrained
    with pytest.raises(ValueError, match=r"hidden=\(\)"):
        pretrain_stack(x_train, hidden=())
    with pytest.raises(ValueError, match=r"hidden=\(64, 0\)"):
        pretrain_stack(x_train, hidden=(64, 0))
    with pytest.raises(ValueError, match="epochs=0"):
        pretrain_stack(x_train, epochs=0)
    with pytest.raises(ValueError, match="encoder_layers"):
        create_stacked_ae(enc_layers, dec_layers[:1])
    with pytest.raises(ValueError, match=r"input_shape=\(8,\)"):
        create_stacked_ae(enc_layers, dec_layers, input_shape=(8,))
    encoder = create_stacked_ae(enc_layers, dec_layers)[0]
    with pytest.raises(ValueError, match="n_classes=1"):
        create_classifier(encoder, n_classes=1)
