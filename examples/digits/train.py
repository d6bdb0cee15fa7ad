#!/usr/bin/python3
"""Train the vecnn digits example: a 64 -> 32 relu -> 10 softmax MLP on scikit-learn's digits.

Run with Debian's python3-sklearn (apt-get install python3-sklearn):

    python3 examples/digits/train.py

It writes, next to this script:
  digits-mlp.npz        the weights in vecnn's scheme: W0, b0, W1, b1 (float64) and activations
  digits-test-x.csv     the held-out test split, one image (64 pixel values 0..16) per line
  digits-test-y.csv     its true labels, one per line
  digits-test-proba.csv scikit-learn's predict_proba for the test split, with repr precision

Everything is seeded, so a second run writes the same files (for the same scikit-learn and NumPy).
"""
import os

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

HERE = os.path.dirname(os.path.abspath(__file__))


def write_csv(path, rows, fmt):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        for row in rows:
            f.write(",".join(fmt(v) for v in np.atleast_1d(row)) + "\n")


def main():
    digits = load_digits()
    x = digits.data.astype(np.float64)  # 8x8 images flattened: 64 pixel values in 0..16
    y = digits.target
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.2, random_state=0, stratify=y)

    mlp = MLPClassifier(hidden_layer_sizes=(32,), activation="relu", solver="adam",
                        alpha=1e-4, max_iter=500, random_state=0)
    mlp.fit(x_train, y_train)
    # MLPClassifier ends a multiclass network in softmax (mlp.out_activation_), the hidden layers in relu.
    assert mlp.out_activation_ == "softmax", mlp.out_activation_
    assert list(mlp.classes_) == list(range(10)), mlp.classes_

    activations = [mlp.activation] * (mlp.n_layers_ - 2) + [mlp.out_activation_]
    arrays = {}
    for i, (w, b) in enumerate(zip(mlp.coefs_, mlp.intercepts_)):
        arrays["W%d" % i] = w  # (inputs, units), float64
        arrays["b%d" % i] = b  # (units,)
    arrays["activations"] = np.array(activations)  # dtype <U7
    np.savez(os.path.join(HERE, "digits-mlp.npz"), **arrays)

    proba = mlp.predict_proba(x_test)
    accuracy = float(np.mean(proba.argmax(axis=1) == y_test))
    write_csv(os.path.join(HERE, "digits-test-x.csv"), x_test, lambda v: "%d" % v)
    write_csv(os.path.join(HERE, "digits-test-y.csv"), y_test, lambda v: "%d" % v)
    write_csv(os.path.join(HERE, "digits-test-proba.csv"), proba, repr)
    print("scikit-learn %s, NumPy %s: %d train / %d test images, %d iterations, test accuracy %.4f"
          % (sklearn.__version__, np.__version__, len(x_train), len(x_test), mlp.n_iter_, accuracy))


if __name__ == "__main__":
    main()
