package io.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonParserTest {

    @Test
    void parsesObjectsArraysStringsAndIntegersKeepingKeyOrder() throws Exception {
        Object value = JsonParser.parse(" {\"b\": [1, 0, 9223372036854775807], \"a\" : {\"k\":\"v\"},\t\"c\":-3}\n  ");
        assertEquals(Map.of("b", List.of(1L, 0L, Long.MAX_VALUE), "a", Map.of("k", "v"), "c", -3L), value);
        assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) value).keySet()));
    }

    @Test
    void decodesEveryEscape() throws Exception {
        assertEquals("\"\\/\b\f\n\r\tA\u00e9\u20ac\uD83D\uDE00",
                JsonParser.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00E9\\u20ac\\ud83d\\uDE00\""));
    }

    @Test
    void keepsRawNonAsciiCharacters() throws Exception {
        assertEquals("gewicht·ü😀", JsonParser.parse("\"gewicht·ü😀\""));
    }

    @Test
    void readsNullAsTheReferenceReaderDoes() throws Exception {
        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("a", null);
        assertEquals(expected, JsonParser.parse("{\"a\":null}"));
    }

    @Test
    void acceptsEmptyContainers() throws Exception {
        assertEquals(Map.of("a", List.of(), "b", Map.of()), JsonParser.parse("{\"a\":[],\"b\":{}}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                              | 0  | unexpected end of the header",
        "'   '                           | 3  | unexpected end of the header",
        "'true'                          | 0  | unexpected 't'; a safetensors header holds only objects",
        "'{\"a\":nul}'                   | 5  | unexpected 'n'",
        "'{\"a\":false}'                 | 5  | unexpected 'f'",
        "'{\"a\":1.5}'                   | 5  | only integers are allowed",
        "'{\"a\":1e3}'                   | 5  | only integers are allowed",
        "'{\"a\":01}'                    | 5  | integer with a leading zero",
        "'{\"a\":-}'                     | 6  | expected a digit but found '}'",
        "'{\"a\":+1}'                    | 5  | unexpected '+'",
        "'{\"a\":99999999999999999999}'  | 5  | integer too large for 64 bits",
        "'{\"a\":1} x'                   | 8  | unexpected 'x' after the end of the header object",
        "'{\"a\":1}{}'                   | 7  | unexpected '{' after the end",
        "'{\"a\":1,}'                    | 7  | expected a string key but found '}'",
        "'{\"a\" 1}'                     | 5  | expected ':' but found '1'",
        "'{\"a\":1 \"b\":2}'             | 7  | expected ',' but found '\"'",
        "'[1,2'                          | 4  | expected ',' but found the end of the header",
        "'[1,]'                          | 3  | unexpected ']'",
        "'{a:1}'                         | 1  | expected a string key but found 'a'",
        "'{\"a\":1,\"a\":2}'             | 7  | duplicate key \"a\"",
        "'\"abc'                         | 0  | unterminated string",
        "'\"abc\\'                       | 0  | unterminated string",
        "'\"a\\x\"'                      | 2  | invalid escape: backslash followed by 'x'",
        "'\"\\u12G4\"'                   | 5  | expected 4 hex digits after \\u but found 'G'",
        "'\"\\u12\"'                     | 5  | expected 4 hex digits after \\u but found '\"'",
        "'\"\\uDC00\"'                   | 1  | lone low surrogate U+DC00",
        "'\"\\uD800x\"'                  | 1  | high surrogate U+D800 not followed by a low surrogate",
        "'\"\\uD800\\u0041\"'            | 1  | high surrogate U+D800 followed by U+0041 instead of a low surrogate",
        "'[[[[1]]]]'                     | 3  | nesting deeper than 3 levels",
        "'{\"a\":{\"b\":{\"c\":{}}}}'    | 15 | nesting deeper than 3 levels",
        "'\uFEFF{}'                      | 0  | unexpected U+FEFF",
    })
    void rejectsAnythingOutsideTheHeaderGrammar(String json, int at, String message) {
        var e = assertThrows(SafeTensorsFormatException.class, () -> JsonParser.parse(json));
        String expected = "invalid header JSON at character " + at + ": " + message;
        assertTrue(e.getMessage().startsWith(expected), () -> "expected " + expected + "..., got " + e.getMessage());
    }

    @Test
    void rejectsUnescapedControlCharacters() {
        var e = assertThrows(SafeTensorsFormatException.class, () -> JsonParser.parse("\"a\nb\""));
        assertEquals("invalid header JSON at character 2: control character U+000A in a string must be escaped",
                e.getMessage());
    }

    @Test
    void rejectsNonAsciiHexDigits() {
        // Character.digit would take these fullwidth digits for hex.
        var e = assertThrows(SafeTensorsFormatException.class, () -> JsonParser.parse("\"\\u\uFF10\uFF10\uFF14\uFF11\""));
        assertTrue(e.getMessage().contains("expected 4 hex digits"), e.getMessage());
    }

    @Test
    void limitsArrayLength() throws Exception {
        String ok = "[" + "0,".repeat(JsonParser.MAX_ARRAY_LENGTH - 1) + "0]";
        assertEquals(JsonParser.MAX_ARRAY_LENGTH, ((List<?>) JsonParser.parse(ok)).size());
        String tooLong = "[" + "0,".repeat(JsonParser.MAX_ARRAY_LENGTH) + "0]";
        var e = assertThrows(SafeTensorsFormatException.class, () -> JsonParser.parse(tooLong));
        assertEquals("invalid header JSON at character 0: array longer than 64 elements"
                + " (the header's arrays are shapes and offset pairs)", e.getMessage());
    }

    @Test
    void quoteShowsControlCharactersAndCutsLongNames() {
        assertEquals("\"a<U+000A>b\"", JsonParser.quote("a\nb"));
        String quoted = JsonParser.quote("x".repeat(1000));
        assertEquals("\"" + "x".repeat(200) + "\" (cut, 1000 characters)", quoted);
    }
}
