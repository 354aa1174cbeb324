namespace Airwave.Hocon.Tests;

public class ParseErrorTests
{
    [Theory]
    [InlineData("a {\n  port }", "standalone.conf:2:8: expected '=' or ':' or '{' after key \"port\", found '}'")]
    [InlineData("a {\n  port = 1", "standalone.conf:2:11: expected '}' to close the object opened at standalone.conf:1:3, found end of file")]
    [InlineData("a = [1, 2", "standalone.conf:1:10: expected ']' to close the array opened at standalone.conf:1:5, found end of file")]
    [InlineData("a = ", "standalone.conf:1:5: expected the value of \"a\", found end of file")]
    [InlineData("a = \"open", "standalone.conf:1:5: unterminated quoted string")]
    [InlineData("a = \"\\q\"", "standalone.conf:1:6: invalid escape '\\q'")]
    [InlineData("a = 1 b = 2", "standalone.conf:1:9: expected ',' or newline or end of file after the value of \"a\", found '='")]
    [InlineData("a..b = 1", "standalone.conf:1:1: invalid key path \"a..b\"")]
    [InlineData("a = ${}", "standalone.conf:1:5: empty substitution")]
    [InlineData("a = ${b", "standalone.conf:1:5: unterminated substitution")]
    [InlineData("a = $b", "standalone.conf:1:5: expected '{' after '$'")]
    [InlineData("a + 1", "standalone.conf:1:3: expected '=' after '+'")]
    [InlineData("a = @x", "standalone.conf:1:5: unexpected character '@'")]
    [InlineData("a = [1,,2]", "standalone.conf:1:8: expected an array element or ']', found ','")]
    [InlineData("}", "standalone.conf:1:1: expected a key, found '}'")]
    [InlineData("{ a = 1 } b = 2", "standalone.conf:1:11: expected end of file after the root object, found 'b'")]
    [InlineData("a {\n  port\n}", "standalone.conf:2:7: expected '=' or ':' or '{' after key \"port\", found newline")]
    [InlineData("a = \"\"\"never closed", "standalone.conf:1:5: unterminated triple-quoted string")]
    [InlineData("a = \"\\u12\"", "standalone.conf:1:6: expected four hexadecimal digits")]
    public void Malformed_input_reports_file_line_column_and_what_was_expected(string text, string expected)
    {
        var error = TestHocon.ParseError(text, name: "standalone.conf");
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Position);
    }

    [Fact]
    public void Deep_nesting_is_refused_instead_of_overflowing_the_stack()
    {
        var error = TestHocon.ParseError("a = " + new string('[', 10_000));
        Assert.Contains("nested deeper than", error.Message, StringComparison.Ordinal);
    }
}
