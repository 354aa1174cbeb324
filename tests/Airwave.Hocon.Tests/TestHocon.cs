using Airwave.Hocon.Tree;

namespace Airwave.Hocon.Tests;

/// <summary>Parses test documents with a controlled environment and reads values by path.</summary>
internal static class TestHocon
{
    public static HoconObject Parse(string text, IReadOnlyDictionary<string, string>? environment = null, string name = "test.conf") =>
        HoconLoader.Parse(text, name, Options(environment));

    public static HoconLoadOptions Options(IReadOnlyDictionary<string, string>? environment = null, string baseDirectory = "") =>
        new() { Environment = key => environment?.GetValueOrDefault(key), BaseDirectory = baseDirectory };

    public static string Text(this HoconObject root, string path) =>
        Assert.IsType<HoconScalar>(root.Find(path)).Text;

    public static IReadOnlyList<string> Texts(this HoconObject root, string path) =>
        Assert.IsType<HoconArray>(root.Find(path)).Elements.Select(e => Assert.IsType<HoconScalar>(e).Text).ToList();

    public static HoconException ParseError(string text, IReadOnlyDictionary<string, string>? environment = null, string name = "test.conf") =>
        Assert.Throws<HoconException>(() => Parse(text, environment, name));
}
