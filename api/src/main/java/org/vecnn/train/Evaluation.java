package org.vecnn.train;

/**
 * A network's loss and accuracy on a dataset. A row is predicted right when the output's largest column is the
 * target's largest column (the label), or, for a single output unit, when output &ge; 0.5 exactly when
 * target &ge; 0.5.
 *
 * @param loss the mean loss over the rows
 * @param accuracy the fraction of rows predicted right, in [0, 1]
 * @param rows the number of rows
 */
public record Evaluation(double loss, double accuracy, long rows) {
}
