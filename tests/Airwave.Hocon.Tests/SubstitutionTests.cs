using Airwave.Hocon.Tree;

namespace Airwave.Hocon.Tests;

public class SubstitutionTests
{
    [Fact]
    public void Substitution_copies_a_value_from_elsewhere()
    {
        Assert.Equal("8000", TestHocon.Parse("a.port = 8000\nb = ${a.port}").Text("b"));
    }

    [Fact]
    public void Forward_references_resolve_against_the_final_tree()
    {
        var root = TestHocon.Parse("b = ${a}\na = 1\na = 2");
        Assert.Equal("2", root.Text("b"));
    }

    [Fact]
    public void Substitution_inside_a_string_concatenation()
    {
        var root = TestHocon.Parse("host = example\nurl = \"http://\"${host}\":8000/\"");
        Assert.Equal("http://example:8000/", root.Text("url"));
    }

    [Fact]
    public void Substitution_copies_whole_objects_and_arrays()
    {
        var root = TestHocon.Parse("a { x = [1, 2] }\nb = ${a}\nc = ${a.x}");
        Assert.Equal(["1", "2"], root.Texts("b.x"));
        Assert.Equal(["1", "2"], root.Texts("c"));
    }

    [Fact]
    public void Required_substitution_falls_back_to_the_environment()
    {
        var root = TestHocon.Parse("home = ${HOME}", new Dictionary<string, string> { ["HOME"] = "/home/x" });
        Assert.Equal("/home/x", root.Text("home"));
    }

    [Fact]
    public void Optional_substitution_uses_the_environment_when_the_path_is_absent()
    {
        var root = TestHocon.Parse("password = default\npassword = ${?LIVE_PASSWORD}", new Dictionary<string, string> { ["LIVE_PASSWORD"] = "secret" });
        Assert.Equal("secret", root.Text("password"));
    }

    [Fact]
    public void Optional_substitution_absent_everywhere_keeps_the_previous_value()
    {
        Assert.Equal("default", TestHocon.Parse("password = default\npassword = ${?LIVE_PASSWORD}").Text("password"));
    }

    [Fact]
    public void Optional_substitution_absent_everywhere_leaves_the_field_unset()
    {
        var root = TestHocon.Parse("a = ${?NOPE}\nb = 1");
        Assert.Null(root.Find("a"));
    }

    [Fact]
    public void Tree_value_wins_over_the_environment()
    {
        var root = TestHocon.Parse("HOME = tree\nh = ${HOME}", new Dictionary<string, string> { ["HOME"] = "env" });
        Assert.Equal("tree", root.Text("h"));
    }

    [Fact]
    public void Unresolved_required_substitution_reports_its_position()
    {
        var error = TestHocon.ParseError("a = 1\nb {\n  c = ${missing.key}\n}", name: "site.conf");
        Assert.StartsWith("site.conf:3:7: unresolved substitution ${missing.key}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_referential_append_sees_the_earlier_value()
    {
        var root = TestHocon.Parse("path = [a]\npath = ${path} [b]\npath = ${path} [c]");
        Assert.Equal(["a", "b", "c"], root.Texts("path"));
    }

    [Fact]
    public void Self_referential_string_concatenation_sees_the_earlier_value()
    {
        Assert.Equal("/bin:/usr/bin", TestHocon.Parse("p = /bin\np = ${p}\":/usr/bin\"").Text("p"));
    }

    [Fact]
    public void Optional_self_reference_without_earlier_value_falls_back_to_the_environment()
    {
        var root = TestHocon.Parse("PATH = ${?PATH}\":/opt\"", new Dictionary<string, string> { ["PATH"] = "/bin" });
        Assert.Equal("/bin:/opt", root.Text("PATH"));
    }

    [Fact]
    public void Self_reference_inside_a_nested_field_sees_the_earlier_value()
    {
        var root = TestHocon.Parse("a { list = [1] }\na { list = ${a.list} [2] }");
        Assert.Equal(["1", "2"], root.Texts("a.list"));
    }

    [Fact]
    public void Substitution_cycle_is_an_error_naming_the_chain()
    {
        var error = TestHocon.ParseError("a = ${b}\nb = ${a}");
        Assert.Contains("cycle in substitutions", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.conf:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_referring_to_itself_is_a_cycle()
    {
        var error = TestHocon.ParseError("a { b = ${a} }");
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sibling_reference_inside_the_same_object_is_not_a_cycle()
    {
        var root = TestHocon.Parse("a { b = 1, c = ${a.b} }");
        Assert.Equal("1", root.Text("a.c"));
    }

    [Fact]
    public void Wildcard_template_can_be_a_substitution()
    {
        var root = TestHocon.Parse("d { password = \"\" }\nchannels { \"*\" = ${d} }");
        Assert.Equal("", Assert.IsType<HoconObject>(root.Find(["channels", "*"])).Text("password"));
    }
}
