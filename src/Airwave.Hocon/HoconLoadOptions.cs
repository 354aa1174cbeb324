namespace Airwave.Hocon;

/// <summary>Settings for loading HOCON: where <c>${VAR}</c> fallbacks come from and where includes of in-memory text are found.</summary>
public sealed class HoconLoadOptions
{
    /// <summary>Looks up an environment variable for substitutions absent from the tree; the process environment by default.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Directory that includes in text parsed with <see cref="HoconLoader.Parse"/> are relative to; the current directory by default.</summary>
    public string BaseDirectory { get; init; } = "";
}
