namespace Weft.Tests.Packaging;

/// <summary>Packs Weft once, as a user's build server would with <c>dotnet pack Framework -c Release</c>, into a temporary feed.</summary>
/// <remarks>The result is recorded, not thrown, so that each test fails with the pack command's output.</remarks>
public sealed class PackedWeftFixture : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("weft-packed-").FullName;

    /// <summary>Packs <c>Framework/Framework.csproj</c> into <see cref="FeedDirectory"/>.</summary>
    public PackedWeftFixture()
    {
        FeedDirectory = Path.Combine(_root, "feed");
        // From the repository root, so that its global.json chooses the SDK.
        string root = SampleUserProject.RepositoryRoot;
        Pack = DotnetCommand.Run(root, ["pack", Path.Combine(root, "Framework", "Framework.csproj"), "-c", "Release", "-o", FeedDirectory, "--disable-build-servers"]);
    }

    /// <summary>The folder holding the package, usable as a NuGet source.</summary>
    public string FeedDirectory { get; }

    /// <summary>The packed <c>Weft.0.1.0.nupkg</c>.</summary>
    public string PackagePath => Path.Combine(FeedDirectory, "Weft.0.1.0.nupkg");

    internal CommandResult Pack { get; }

    /// <summary>Deletes the feed.</summary>
    public void Dispose() => Directory.Delete(_root, recursive: true);
}
