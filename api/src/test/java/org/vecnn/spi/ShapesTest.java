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
        assertEquals("zeros: 65536×65536 has 4294967296 elements, more than the 2147483639 a matrix can hold "
                + "(Matrix.MAX_ELEMENTS)", huge.getMessage());
    }

    @Test
    void sizeHoldsTheDocumentedLimitThatAJavaArrayCanHave() {
        // 1×Integer.MAX_VALUE fits an int but no VM allocates such an array: it must be refused by the check,
        // not by the VM's "Requested array size exceeds VM limit" after the backend tried.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shapes.size("zeros", 1, Integer.MAX_VALUE));
        assertEquals("zeros: 1×2147483647 has 2147483647 elements, more than the 2147483639 a matrix can hold "
                + "(Matrix.MAX_ELEMENTS)", e.getMessage());
        assertEquals(org.vecnn.Matrix.MAX_ELEMENTS, Shapes.size("zeros", 1, org.vecnn.Matrix.MAX_ELEMENTS));
        assertThrows(IllegalArgumentException.class, () -> Shapes.size("zeros", 1, org.vecnn.Matrix.MAX_ELEMENTS + 1));
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
