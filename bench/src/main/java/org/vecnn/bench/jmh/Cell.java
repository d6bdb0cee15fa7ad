package org.vecnn.bench.jmh;

import org.vecnn.bench.Workload;

/**
 * A JMH cell id, {@code <workload id>@<subject name>}.
 *
 * @param workload the workload
 * @param subject the subject's name
 */
public record Cell(Workload workload, String subject) {

    /**
     * @param id e.g. {@code gemm-1024-f32@loop}
     * @return the cell
     * @throws IllegalArgumentException when the id is malformed
     */
    public static Cell parse(String id) {
        int at = id == null ? -1 : id.lastIndexOf('@');
        if (at <= 0 || at == id.length() - 1) {
            throw new IllegalArgumentException("bench: cell '" + id + "' is not <workload>@<subject>, e.g. "
                    + "gemm-1024-f32@loop");
        }
        return new Cell(Workload.parse(id.substring(0, at)), id.substring(at + 1));
    }

    /** @return the id, {@code <workload id>@<subject name>} */
    public String id() {
        return workload.id() + "@" + subject;
    }
}
