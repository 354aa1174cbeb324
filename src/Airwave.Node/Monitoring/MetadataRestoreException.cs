namespace Airwave.Node.Monitoring;

/// <summary>The metadata document to restore from could not be read, or is not one; the node does not start.</summary>
internal sealed class MetadataRestoreException(string message, Exception? inner = null) : Exception(message, inner);
