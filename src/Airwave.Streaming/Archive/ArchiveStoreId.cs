namespace Airwave.Streaming.Archive;

/// <summary>
/// The id of one archive directory, kept in a file inside it: index rows name the store holding their files, so a
/// master prunes only what is on its own disk. The id belongs to the directory, not the node: a master whose volume
/// moves keeps its rows, and masters sharing one directory (NFS, a shared volume) share one id and prune it together.
/// </summary>
public static class ArchiveStoreId
{
    /// <summary>The file holding the id, in the archive's root.</summary>
    public const string FileName = "store-id";

    /// <summary>Reads the directory's id, creating it (32 hex digits) on first use; two processes starting at once agree on one.</summary>
    public static string ReadOrCreate(string root)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            var fresh = Path.Combine(root, $"{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}");
            File.WriteAllText(fresh, Guid.NewGuid().ToString("N"));
            try
            {
                // No overwrite: whoever renames first wins and everyone reads that id.
                File.Move(fresh, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(fresh);
            }
        }

        var id = File.ReadAllText(path).Trim();
        if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit))
        {
            throw new InvalidDataException($"{path} holds no archive store id (expected up to 64 letters or digits); delete it only if no other master writes to this directory");
        }

        return id;
    }
}
