using Airwave.Hocon.Tree;

namespace Airwave.Hocon.Tests;

public class MergeTests
{
    [Fact]
    public void Later_object_merges_into_earlier_object()
    {
        var root = TestHocon.Parse("a { x = 1, y = 2 }\na { y = 3, z = 4 }");
        Assert.Equal("1", root.Text("a.x"));
        Assert.Equal("3", root.Text("a.y"));
        Assert.Equal("4", root.Text("a.z"));
    }

    [Fact]
    public void Objects_merge_recursively()
    {
        var root = TestHocon.Parse("a { b { x = 1 } }\na.b.y = 2\na { b { x = 5 } }");
        Assert.Equal("5", root.Text("a.b.x"));
        Assert.Equal("2", root.Text("a.b.y"));
    }

    [Fact]
    public void Later_non_object_replaces_earlier_object()
    {
        var root = TestHocon.Parse("a { x = 1 }\na = 7");
        Assert.Equal("7", root.Text("a"));
    }

    [Fact]
    public void Later_object_replaces_earlier_scalar()
    {
        var root = TestHocon.Parse("a = 7\na { x = 1 }");
        Assert.Equal("1", root.Text("a.x"));
    }

    [Fact]
    public void Later_array_replaces_earlier_array()
    {
        Assert.Equal(["3"], TestHocon.Parse("a = [1, 2]\na = [3]").Texts("a"));
    }

    [Fact]
    public void Plus_equals_appends_to_an_array()
    {
        Assert.Equal(["1", "2", "3"], TestHocon.Parse("a = [1]\na += 2\na += 3").Texts("a"));
    }

    [Fact]
    public void Plus_equals_on_a_missing_key_starts_an_array()
    {
        Assert.Equal(["x"], TestHocon.Parse("a += x").Texts("a"));
    }

    [Fact]
    public void Plus_equals_works_inside_nested_objects_and_with_objects()
    {
        var root = TestHocon.Parse("c { ups = [{ url = a }] }\nc { ups += { url = b } }");
        var elements = Assert.IsType<HoconArray>(root.Find("c.ups")).Elements;
        Assert.Equal(["a", "b"], elements.Select(e => Assert.IsType<HoconObject>(e).Text("url")));
    }

    [Fact]
    public void Plus_equals_on_a_non_array_is_an_error_with_position()
    {
        var error = TestHocon.ParseError("a = 1\na += 2");
        Assert.StartsWith("test.conf:2:1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_concatenation_merges_objects()
    {
        var root = TestHocon.Parse("base { x = 1, y = 2 }\nderived = ${base} { y = 3 }");
        Assert.Equal("1", root.Text("derived.x"));
        Assert.Equal("3", root.Text("derived.y"));
    }

    [Fact]
    public void Array_concatenation_joins_arrays()
    {
        Assert.Equal(["1", "2", "3"], TestHocon.Parse("a = [1] [2, 3]").Texts("a"));
    }

    [Fact]
    public void Mixing_arrays_and_strings_in_a_concatenation_is_an_error()
    {
        var error = TestHocon.ParseError("a = [1] foo");
        Assert.Contains("test.conf:1:5: cannot concatenate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_after_substituted_object_merges_when_both_are_resolved()
    {
        var root = TestHocon.Parse("defaults { a = 1, b = 2 }\nch = ${defaults}\nch { b = 3 }\nch.c = 4");
        Assert.Equal("1", root.Text("ch.a"));
        Assert.Equal("3", root.Text("ch.b"));
        Assert.Equal("4", root.Text("ch.c"));
    }

    [Fact]
    public void Substituted_object_after_object_merges_over_it()
    {
        var root = TestHocon.Parse("over { b = 3 }\nch { a = 1, b = 2 }\nch = ${over}");
        Assert.Equal("1", root.Text("ch.a"));
        Assert.Equal("3", root.Text("ch.b"));
    }

    [Fact]
    public void Files_loaded_together_merge_in_order_and_share_substitutions()
    {
        using var dir = new TemporaryDirectory();
        var reference = dir.Write("reference.conf", "airwave { port = 8000, name = ${airwave.host}\":\"${airwave.port} }");
        var site = dir.Write("site.conf", "airwave { port = 9000, host = example }");
        var root = HoconLoader.LoadFiles([reference, site], TestHocon.Options());
        Assert.Equal("example:9000", root.Text("airwave.name"));
    }
}
