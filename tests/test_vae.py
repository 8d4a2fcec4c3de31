"""Properties of the VAE factories (create_vae, create_conv_vae): shapes and layer names, a
.keras round trip, argument checks, and a few training steps that lower the loss."""

import keras
import numpy as np
import pytest

from aekeras import Sampling, create_conv_vae, create_vae, reconstruction

FACTORIES = {"dense": create_vae, "conv": create_conv_vae}


@pytest.fixture
def images():
    return np.random.default_rng(0).uniform(size=(32, 28, 28, 1)).astype("float32")


@pytest.mark.parametrize("name", list(FACTORIES))
@pytest.mark.parametrize("latent", [2, 5])
def test_shapes_and_layer_names(name, latent, images):
    encoder, decoder, autoencoder = FACTORIES[name](latent_dim=latent, seed=0)
    z_mean, z_log_var, z = encoder.predict(images[:4], verbose=0)
    assert z_mean.shape == z_log_var.shape == z.shape == (4, latent)
    for layer in ("z_mean", "z_log_var"):
        assert encoder.get_layer(layer).output.shape[-1] == latent
    assert isinstance(encoder.get_layer("z"), Sampling)
    assert decoder.predict(np.zeros((3, latent)), verbose=0).shape == (3, 28, 28, 1)
    assert autoencoder.predict(images[:4], verbose=0).shape == (4, 28, 28, 1)
    assert [m.name for m in (encoder, decoder, autoencoder)] == [
        "encoder",
        "decoder",
        "autoencoder",
    ]


def test_conv_vae_is_the_keras_io_architecture():
    encoder, decoder, _ = create_conv_vae()
    # the keras.io example's summaries: 69,076 (encoder) and 65,089 (decoder) parameters
    assert encoder.count_params() == 69076
    assert decoder.count_params() == 65089


def test_conv_vae_takes_other_image_sizes_and_channels():
    encoder, decoder, autoencoder = create_conv_vae(
        input_shape=(32, 16, 3), filters=(8, 16, 16), latent_dim=3, dense_units=8
    )
    x = np.zeros((2, 32, 16, 3), "float32")
    assert autoencoder.predict(x, verbose=0).shape == (2, 32, 16, 3)
    assert decoder.output_shape == (None, 32, 16, 3)


@pytest.mark.parametrize("name", list(FACTORIES))
def test_save_and_load_give_the_same_predictions(name, images, tmp_path):
    _, _, autoencoder = FACTORIES[name](seed=0)
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    autoencoder.fit(images, images, epochs=1, batch_size=16, verbose=0)
    path = tmp_path / f"{name}.keras"
    autoencoder.save(path)
    loaded = keras.models.load_model(path)  # Sampling is registered: no custom_objects
    np.testing.assert_allclose(
        loaded.predict(images, verbose=0), autoencoder.predict(images, verbose=0), atol=1e-6
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"latent_dim": 0}, "latent_dim=0"),
        ({"latent_dim": 2.5}, "latent_dim=2.5"),
        ({"input_shape": (28, 28)}, "input_shape=(28, 28)"),
        ({"input_shape": (30, 28, 1)}, "divisible by"),
        ({"filters": ()}, "filters=()"),
        ({"filters": (32, -1)}, "filters=(32, -1)"),
        ({"dense_units": 0}, "dense_units=0"),
        ({"kernel_size": 4}, "kernel_size=4"),
        ({"beta": -1.0}, "beta=-1.0"),
        ({"activation": "softmax"}, "activation='softmax'"),
        ({"output_activation": "softmax"}, "output_activation='softmax'"),
    ],
)
def test_conv_vae_bad_arguments_raise_naming_argument_and_value(kwargs, message):
    with pytest.raises(ValueError, match="must") as info:
        create_conv_vae(**kwargs)
    assert message in str(info.value)


def test_dense_vae_bad_argument_raises():
    with pytest.raises(ValueError, match="latent_dim=-2"):
        create_vae(latent_dim=-2)


@pytest.mark.parametrize("name", list(FACTORIES))
def test_a_few_steps_lower_the_loss(name, mnist_small):
    (x, _), _ = mnist_small
    x = x[:256]
    keras.utils.set_random_seed(0)
    _, _, autoencoder = FACTORIES[name](seed=0)
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy", metrics=[reconstruction])
    before = autoencoder.evaluate(x, x, verbose=0, return_dict=True)["loss"]
    autoencoder.fit(x, x, epochs=3, batch_size=32, verbose=0)
    after = autoencoder.evaluate(x, x, verbose=0, return_dict=True)["loss"]
    assert after < before
