using Airwave.Hocon.Tree;

namespace Airwave.Hocon.Tests;

public class SyntaxTests
{
    [Fact]
    public void Root_object_without_braces_accepts_equals_colon_and_brace_forms()
    {
        var root = TestHocon.Parse("a = 1\nb : two\nc { d = 3 }");
        Assert.Equal("1", root.Text("a"));
        Assert.Equal("two", root.Text("b"));
        Assert.Equal("3", root.Text("c.d"));
    }

    [Fact]
    public void Root_object_with_braces_is_accepted()
    {
        var root = TestHocon.Parse("{ \"a\": 1, \"b\": [true, null] }");
        Assert.Equal("1", root.Text("a"));
        Assert.Equal(["true", "null"], root.Texts("b"));
    }

    [Fact]
    public void Dotted_keys_create_nested_objects()
    {
        var root = TestHocon.Parse("a.b.c = 1\na.b.d = 2");
        Assert.Equal("1", root.Text("a.b.c"));
        Assert.Equal("2", root.Text("a.b.d"));
    }

    [Fact]
    public void Quoted_keys_keep_dots_and_join_adjacent_pieces()
    {
        var root = TestHocon.Parse("\"a.b\" = 1\nx.\"y.z\".w = 2");
        Assert.True(root.TryGetValue("a.b", out var value));
        Assert.Equal("1", Assert.IsType<HoconScalar>(value).Text);
        Assert.Equal("2", Assert.IsType<HoconScalar>(root.Find(["x", "y.z", "w"])).Text);
    }

    [Fact]
    public void Keys_keep_dashes()
    {
        var root = TestHocon.Parse("airwave.data-dir = data");
        Assert.Equal("data", root.Text("airwave.data-dir"));
    }

    [Fact]
    public void Fields_are_separated_by_commas_or_newlines_with_trailing_commas_allowed()
    {
        var root = TestHocon.Parse("o { a = 1, b = 2, }\nc = 3,\nd = 4");
        Assert.Equal("2", root.Text("o.b"));
        Assert.Equal("4", root.Text("d"));
    }

    [Fact]
    public void Arrays_accept_commas_newlines_and_trailing_comma()
    {
        var root = TestHocon.Parse("a = [1, 2,\n 3\n 4,\n]\nb = [\n]");
        Assert.Equal(["1", "2", "3", "4"], root.Texts("a"));
        Assert.Empty(Assert.IsType<HoconArray>(root.Find("b")).Elements);
    }

    [Fact]
    public void Arrays_hold_objects()
    {
        var root = TestHocon.Parse("ups = [{ url = \"http://a\" }, { url = \"http://b\", type = hls }]");
        var elements = Assert.IsType<HoconArray>(root.Find("ups")).Elements;
        Assert.Equal("http://b", Assert.IsType<HoconObject>(elements[1]).Text("url"));
    }

    [Fact]
    public void Comments_with_slashes_and_hash_are_ignored()
    {
        var root = TestHocon.Parse("# heading\na = 1 // trailing\n// whole line\nb = 2 # trailing");
        Assert.Equal("1", root.Text("a"));
        Assert.Equal("2", root.Text("b"));
    }

    [Fact]
    public void Unquoted_strings_may_contain_slashes_and_quoted_strings_colons()
    {
        var root = TestHocon.Parse("mount = /live/x.mp3\nurl = \"http://host:8000/live\"");
        Assert.Equal("/live/x.mp3", root.Text("mount"));
        Assert.Equal("http://host:8000/live", root.Text("url"));
    }

    [Fact]
    public void Value_concatenation_joins_words_on_a_line_keeping_whitespace()
    {
        var root = TestHocon.Parse("a = foo bar  baz\nb = \"x\" y 1");
        Assert.Equal("foo bar  baz", root.Text("a"));
        Assert.Equal("x y 1", root.Text("b"));
        Assert.Equal(HoconScalarKind.Text, Assert.IsType<HoconScalar>(root.Find("b")).Kind);
    }

    [Fact]
    public void Quoted_strings_unescape_escapes()
    {
        var root = TestHocon.Parse("a = \"tab\\tquote\\\"slash\\\\u\\u00e9nl\\n\"");
        Assert.Equal("tab\tquote\"slash\\u\u00e9nl\n", root.Text("a"));
    }

    [Fact]
    public void Triple_quoted_strings_span_lines_without_escapes()
    {
        var root = TestHocon.Parse("a = \"\"\"line1\n  \"quoted\" \\n\nline3\"\"\"\nb = 1");
        Assert.Equal("line1\n  \"quoted\" \\n\nline3", root.Text("a"));
        Assert.Equal("1", root.Text("b"));
    }

    [Fact]
    public void Triple_quoted_string_keeps_extra_closing_quotes()
    {
        var root = TestHocon.Parse("a = \"\"\"x\"\"\"\"\"");
        Assert.Equal("x\"\"", root.Text("a"));
    }

    [Theory]
    [InlineData("a = 42", HoconScalarKind.Number, "42")]
    [InlineData("a = -1.5e3", HoconScalarKind.Number, "-1.5e3")]
    [InlineData("a = true", HoconScalarKind.Boolean, "true")]
    [InlineData("a = false", HoconScalarKind.Boolean, "false")]
    [InlineData("a = null", HoconScalarKind.Null, "null")]
    [InlineData("a = 15s", HoconScalarKind.Text, "15s")]
    [InlineData("a = \"42\"", HoconScalarKind.Text, "42")]
    public void Scalars_are_classified(string text, HoconScalarKind kind, string value)
    {
        var scalar = Assert.IsType<HoconScalar>(TestHocon.Parse(text).Find("a"));
        Assert.Equal(kind, scalar.Kind);
        Assert.Equal(value, scalar.Text);
    }

    [Fact]
    public void Every_value_knows_its_file_line_and_column()
    {
        var root = TestHocon.Parse("a {\n  port = 8000\n}\n", name: "standalone.conf");
        var port = root.Find("a.port")!;
        Assert.Equal(new SourcePosition("standalone.conf", 2, 10), port.Position);
        Assert.Equal("standalone.conf:2:10", port.Position.ToString());
    }

    [Fact]
    public void Include_is_an_ordinary_key_when_followed_by_a_separator()
    {
        Assert.Equal("1", TestHocon.Parse("include = 1").Text("include"));
    }

    [Fact]
    public void Empty_document_is_an_empty_object()
    {
        Assert.Equal(0, TestHocon.Parse("\n# nothing\n").Count);
    }
}
