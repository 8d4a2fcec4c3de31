"""aekeras.conv: the convolutional autoencoder."""

import numpy as np
import pytest
from conftest import check_factory_contract, check_refused

from aekeras import create_conv_ae


def test_conv_follows_the_factory_contract(mnist_small, tmp_path):
    make = lambda: create_conv_ae(filters=(8, 16), encoding_dim=16)  # noqa: E731
    check_factory_contract(make, mnist_small, tmp_path)


def test_conv_code_size_as_asked_and_image_shape_kept():
    encoder, decoder, autoencoder = create_conv_ae(
        filters=(8, 16, 16), encoding_dim=10, input_shape=(32, 32, 3)
    )
    assert encoder.output_shape == (None, 10)
    assert decoder.output_shape == (None, 32, 32, 3) == autoencoder.output_shape


def test_conv_halves_the_image_once_per_filter_and_the_decoder_doubles_it_back():
    encoder, decoder, _ = create_conv_ae(filters=(4, 8), encoding_dim=5, input_shape=(16, 24, 1))
    pooled = [la.output.shape[1:3] for la in encoder.layers if "max_pooling" in la.name]
    assert pooled == [(8, 12), (4, 6)]
    grown = [la.output.shape[1:3] for la in decoder.layers if "up_sampling" in la.name]
    assert grown == [(8, 12), (16, 24)]
    convolved = [la.output.shape[1:] for la in decoder.layers if type(la).__name__ == "Conv2D"]
    assert convolved == [(8, 12, 8), (16, 24, 4), (16, 24, 1)]  # filters mirrored, then channels


def test_conv_decoder_turns_a_uniform_code_into_a_uniform_image_without_a_checkerboard():
    """Upsampling, then convolving, keeps a constant map constant away from the zero-padded
    border; a stride-2 transposed 3x3 convolution would stamp a repeating pattern on it."""
    _, decoder, _ = create_conv_ae(filters=(8, 8), encoding_dim=None, activation="linear")
    image = decoder.predict(np.ones((1, 7, 7, 8), "float32"), verbose=0)[0, ..., 0]
    inside = image[4:-4, 4:-4]  # each of the three convolutions widens the border by a pixel
    np.testing.assert_allclose(inside, inside[0, 0], rtol=1e-5)
    assert not np.allclose(image[0, 0], inside[0, 0], rtol=1e-3)  # the border does differ


def test_conv_without_a_dense_code_keeps_the_last_feature_maps_as_the_code(mnist_small, tmp_path):
    encoder, decoder, autoencoder = create_conv_ae(filters=(32, 32), encoding_dim=None)
    assert encoder.output_shape == (None, 7, 7, 32) == decoder.input_shape
    assert not [
        la for la in autoencoder.layers + encoder.layers + decoder.layers if "dense" in la.name
    ]
    # four 3x3 convolutions of 32 filters (two before pooling, two after upsampling), the 3x3
    # output convolution
    expected = (9 * 1 * 32 + 32) + (9 * 32 * 32 + 32) * 3 + (9 * 32 * 1 + 1)
    assert autoencoder.count_params() == expected
    make = lambda: create_conv_ae(filters=(8, 16), encoding_dim=None)  # noqa: E731
    check_factory_contract(make, mnist_small, tmp_path)


@pytest.mark.parametrize("kernel_size", [2, 4, 5])
def test_conv_takes_even_kernel_sizes_too(kernel_size):
    """Any kernel side works with "same" padding; only odd ones were allowed before 0.3."""
    encoder, _, autoencoder = create_conv_ae(filters=(4,), encoding_dim=3, kernel_size=kernel_size)
    assert encoder.layers[1].kernel_size == (kernel_size, kernel_size)
    x = np.zeros((2, 28, 28, 1), "float32")
    assert autoencoder.predict(x, verbose=0).shape == x.shape


BAD_ARGUMENTS = [
    # call, the argument with its value, what is allowed
    (lambda: create_conv_ae(encoding_dim=0), "encoding_dim=0", "positive integer or None"),
    (lambda: create_conv_ae(encoding_dim=4.0), "encoding_dim=4.0", "positive integer or None"),
    (lambda: create_conv_ae(filters=()), "filters=()", "tuple of positive integers"),
    (lambda: create_conv_ae(filters=(8, 0)), "filters=(8, 0)", "tuple of positive integers"),
    (lambda: create_conv_ae(kernel_size=True), "kernel_size=True", "positive integer"),
    (lambda: create_conv_ae(kernel_size=-1), "kernel_size=-1", "positive integer"),
    (lambda: create_conv_ae(kernel_size=2.5), "kernel_size=2.5", "positive integer"),
    (lambda: create_conv_ae(activation="sigmod"), "activation='sigmod'", "Keras activation"),
    (
        lambda: create_conv_ae(output_activation="softmx"),
        "output_activation='softmx'",
        "Keras activation",
    ),
    (lambda: create_conv_ae(input_shape=(784,)), "input_shape=(784,)", "(height, width, channels)"),
    (lambda: create_conv_ae(input_shape=(28, 0, 1)), "input_shape=(28, 0, 1)", "positive integers"),
    (
        lambda: create_conv_ae(input_shape=(30, 30, 1), filters=(8, 8, 8)),
        "input_shape=(30, 30, 1)",
        "divisible by 2**len(filters) = 8",
    ),
    (  # 28 -> 14 -> 7 -> 3.5
        lambda: create_conv_ae(filters=(8, 8, 8)),
        "input_shape=(28, 28, 1)",
        "divisible by 2**len(filters) = 8",
    ),
]


@pytest.mark.parametrize(
    "call, argument, allowed", BAD_ARGUMENTS, ids=[r[1] for r in BAD_ARGUMENTS]
)
def test_bad_arguments_name_the_argument_its_value_and_what_is_allowed(call, argument, allowed):
    check_refused(call, argument, allowed)
