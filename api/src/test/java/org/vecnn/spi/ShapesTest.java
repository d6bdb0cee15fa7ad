package org.vecnn.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShapesTest {

    @Test
    void sizeRefusesEmptyAndOversizedShapesNamingThem() {
        assertEquals(12, Shapes.size("zeros", 3, 4));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Shapes.size("zeros", 0, 4));
        assertEquals("zeros: a matrix is at least 1×1, got 0×4", empty.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> Shapes.size("zeros", 65536, 65536));
        assertEquals("zeros: 65536×65536 has 4294967296 elements, more than the 2147483647 a matrix can hold",
                huge.getMessage());
    }

    @Test
    void dataRefusesNullAndWrongLength() {
        assertEquals("matrix: data is null", assertThrows(IllegalArgumentException.class,
                () -> Shapes.data("matrix", 2, 3, -1)).getMessage());
        assertEquals("matrix: data has 5 elements but a 2×3 matrix needs 6",
                assertThrows(IllegalArgumentException.class, () -> Shapes.data("matrix", 2, 3, 5)).getMessage());
    }

    @Test
    void rowsRefusesRaggedAndNullRows() {
        assertEquals(3, Shapes.rows("matrix", new Object(), new int[] {3, 3}));
        assertEquals("matrix: row 1 has 2 elements but row 0 has 3; all rows must have the same length",
                assertThrows(IllegalArgumentException.class,
                        () -> Shapes.rows("matrix", new Object(), new int[] {3, 2})).getMessage());
        assertEquals("matrix: row 0 is null", assertThrows(IllegalArgumentException.class,
                () -> Shapes.rows("matrix", new Object(), new int[] {-1})).getMessage());
        assertEquals("matrix: needs at least one row", assertThrows(IllegalArgumentException.class,
                () -> Shapes.rows("matrix", new Object(), new int[0])).getMessage());
    }
}
