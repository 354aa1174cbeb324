using System.Diagnostics.CodeAnalysis;

namespace Airwave.Hocon.Configuration;

/// <summary>A configuration provider that can tell where each of its values was set (<c>file:line:column</c> or <c>env NAME</c>).</summary>
public interface IConfigurationOriginProvider
{
    bool TryGetOrigin(string key, [NotNullWhen(true)] out string? origin);
}
