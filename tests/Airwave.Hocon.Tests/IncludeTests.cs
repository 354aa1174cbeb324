namespace Airwave.Hocon.Tests;

public class IncludeTests
{
    [Fact]
    public void Include_is_relative_to_the_including_file_and_later_fields_override_it()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("conf/reference.conf", "airwave { port = 8000, bind = \"0.0.0.0\" }");
        var main = dir.Write("conf/main.conf", "include \"reference.conf\"\nairwave.port = 9000");
        var root = HoconLoader.LoadFile(main, TestHocon.Options());
        Assert.Equal("9000", root.Text("airwave.port"));
        Assert.Equal("0.0.0.0", root.Text("airwave.bind"));
    }

    [Fact]
    public void Nested_includes_resolve_relative_to_each_file()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("a/sub/leaf.conf", "leaf = yes");
        dir.Write("a/middle.conf", "include \"sub/leaf.conf\"\nmiddle = yes");
        var main = dir.Write("main.conf", "include required(\"a/middle.conf\")");
        var root = HoconLoader.LoadFile(main, TestHocon.Options());
        Assert.Equal("yes", root.Text("leaf"));
        Assert.Equal("yes", root.Text("middle"));
    }

    [Fact]
    public void Include_inside_an_object_nests_its_fields()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("http.conf", "port = 8000");
        var main = dir.Write("main.conf", "airwave { http { include file(\"http.conf\") } }");
        Assert.Equal("8000", HoconLoader.LoadFile(main, TestHocon.Options()).Text("airwave.http.port"));
    }

    [Fact]
    public void Missing_optional_include_is_ignored()
    {
        using var dir = new TemporaryDirectory();
        var main = dir.Write("main.conf", "include \"absent.conf\"\na = 1");
        Assert.Equal("1", HoconLoader.LoadFile(main, TestHocon.Options()).Text("a"));
    }

    [Fact]
    public void Missing_required_include_is_an_error_at_the_include()
    {
        using var dir = new TemporaryDirectory();
        var main = dir.Write("main.conf", "a = 1\n  include required(\"absent.conf\")");
        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(main, TestHocon.Options()));
        Assert.Contains("main.conf:2:3: required include \"absent.conf\" not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_cycle_is_an_error_naming_the_files()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("a.conf", "include \"b.conf\"");
        dir.Write("b.conf", "x = 1\ninclude \"a.conf\"");
        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(System.IO.Path.Combine(dir.Path, "a.conf"), TestHocon.Options()));
        Assert.Contains("b.conf:2:1: include cycle: a.conf -> b.conf -> a.conf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_included_files_name_the_included_file()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("bad.conf", "a = [1,");
        var main = dir.Write("main.conf", "include \"bad.conf\"");
        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile(main, TestHocon.Options()));
        Assert.Contains("bad.conf:1:8:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_include_kind_is_an_error()
    {
        var error = TestHocon.ParseError("include url(\"http://x\")");
        Assert.Contains("test.conf:1:9: unsupported include kind 'url('", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_top_level_file_is_an_error_naming_it()
    {
        var error = Assert.Throws<HoconException>(() => HoconLoader.LoadFile("/nonexistent/airwave.conf"));
        Assert.Contains("/nonexistent/airwave.conf", error.Message, StringComparison.Ordinal);
    }
}
