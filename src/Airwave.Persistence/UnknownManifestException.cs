namespace Airwave.Persistence;

/// <summary>Thrown when a stored payload names a manifest (or serializer) that no registration in the <see cref="EventSerializer"/> knows.</summary>
public sealed class UnknownManifestException : Exception
{
    public UnknownManifestException(string message)
        : base(message)
    {
    }
}
