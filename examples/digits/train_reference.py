#!/usr/bin/python3
"""Record scikit-learn's test accuracy on the digits data: the reference that vecnn's training is held to.

Run with Debian's python3-sklearn (apt-get install python3-sklearn):

    python3 examples/digits/train_reference.py

It trains scikit-learn's MLPClassifier from scratch (64 -> 32 relu -> 10 softmax, categorical cross-entropy, Adam)
on the same seeded split as train.py and writes, next to this script:
  digits-train-x.csv                 the training split, one image (64 pixel values 0..16) per line
  digits-train-y.csv                 its labels, one per line
  digits-training-reference.properties  the split, the hyperparameters and scikit-learn's test accuracy

The test split is train.py's digits-test-x.csv / digits-test-y.csv; this script checks that it is the same split.
The tests of vecnn read these files and never run Python. Everything is seeded, so a second run writes the same
files (for the same scikit-learn and NumPy).
"""
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

HERE = os.path.dirname(os.path.abspath(__file__))

HIDDEN_UNITS = 32
LEARNING_RATE = 1e-3
BATCH = 32
EPOCHS = 100
ALPHA = 1e-4  # scikit-learn's L2 term: 0.5 * ALPHA * ||W||^2 / batch size, weights only (not the biases)
SEED = 0


def write_csv(path, rows):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        for row in rows:
            f.write(",".join("%d" % v for v in np.atleast_1d(row)) + "\n")


def read_csv(path):
    return np.loadtxt(path, delimiter=",", ndmin=2)


def main():
    digits = load_digits()
    x = digits.data.astype(np.float64)
    y = digits.target
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.2, random_state=0, stratify=y)
    if not (np.array_equal(read_csv(os.path.join(HERE, "digits-test-x.csv")), x_test)
            and np.array_equal(read_csv(os.path.join(HERE, "digits-test-y.csv")).ravel(), y_test)):
        raise SystemExit("digits-test-x.csv / digits-test-y.csv are not this split: run train.py first")

    # Exactly EPOCHS passes over the data: no early stopping, no stop on a loss plateau (tol 0 and a patience
    # longer than the run).
    mlp = MLPClassifier(hidden_layer_sizes=(HIDDEN_UNITS,), activation="relu", solver="adam",
                        learning_rate_init=LEARNING_RATE, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                        batch_size=BATCH, max_iter=EPOCHS, alpha=ALPHA, shuffle=True,
                        early_stopping=False, tol=0.0, n_iter_no_change=EPOCHS + 1, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached: that is the plan
        mlp.fit(x_train, y_train)
    assert mlp.n_iter_ == EPOCHS, mlp.n_iter_
    assert mlp.out_activation_ == "softmax", mlp.out_activation_

    accuracy = float(np.mean(mlp.predict(x_test) == y_test))
    train_accuracy = float(np.mean(mlp.predict(x_train) == y_train))
    write_csv(os.path.join(HERE, "digits-train-x.csv"), x_train)
    write_csv(os.path.join(HERE, "digits-train-y.csv"), y_train)
    with open(os.path.join(HERE, "digits-training-reference.properties"), "w", encoding="ascii",
              newline="\n") as f:
        f.write("# Written by train_reference.py: scikit-learn's MLPClassifier trained from scratch on the split\n"
                "# digits-train-x.csv / digits-train-y.csv, tested on digits-test-x.csv / digits-test-y.csv.\n")
        for key, value in [
                ("sklearn.version", sklearn.__version__),
                ("numpy.version", np.__version__),
                ("split", "train_test_split(test_size=0.2, random_state=0, stratify=y)"),
                ("train.rows", len(x_train)),
                ("test.rows", len(x_test)),
                ("layers", "%d:relu,10:softmax" % HIDDEN_UNITS),
                ("loss", "cce"),
                ("optimizer", "adam"),
                ("learning.rate", repr(LEARNING_RATE)),
                ("adam.beta1", "0.9"),
                ("adam.beta2", "0.999"),
                ("adam.epsilon", "1e-08"),
                ("batch", BATCH),
                ("epochs", EPOCHS),
                ("l2.alpha", repr(ALPHA)),
                ("seed", SEED),
                ("final.training.loss", repr(float(mlp.loss_))),
                ("train.accuracy", repr(train_accuracy)),
                ("test.correct", int(np.sum(mlp.predict(x_test) == y_test))),
                ("test.accuracy", repr(accuracy))]:
            f.write("%s=%s\n" % (key, value))
    print("scikit-learn %s, NumPy %s: %d train / %d test images, %d epochs, test accuracy %.4f"
          % (sklearn.__version__, np.__version__, len(x_train), len(x_test), mlp.n_iter_, accuracy))


if __name__ == "__main__":
    main()
