package io.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PyReprTest {
    @Test
    void formatsFloatsAsPythonsRepr() {
        // Expected strings are what CPython prints for repr(value).
        assertEquals("1e-05", PyRepr.of(1e-5));
        assertEquals("0.1", PyRepr.of(0.1));
        assertEquals("0.0001", PyRepr.of(1e-4));
        assertEquals("1.0", PyRepr.of(1.0));
        assertEquals("-2.5", PyRepr.of(-2.5));
        assertEquals("123456.0", PyRepr.of(123456));
        assertEquals("1.5e-07", PyRepr.of(1.5e-7));
        assertEquals("1e+16", PyRepr.of(1e16));
        assertEquals("1234567890123456.0", PyRepr.of(1234567890123456.0));
        assertEquals("0.0", PyRepr.of(0.0));
        assertEquals("-0.0", PyRepr.of(-0.0));
        assertEquals("inf", PyRepr.of(Double.POSITIVE_INFINITY));
        assertEquals("nan", PyRepr.of(Double.NaN));
    }

    @Test
    void formatsTuplesAndBooleans() {
        assertEquals("(3,)", PyRepr.tuple(3));
        assertEquals("(3, 3)", PyRepr.tuple(3, 3));
        assertEquals("()", PyRepr.tuple());
        assertEquals("True", PyRepr.of(true));
        assertEquals("False", PyRepr.of(false));
    }
}
