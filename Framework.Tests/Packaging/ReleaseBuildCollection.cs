namespace Weft.Tests.Packaging;

/// <summary>Test classes that build this repository's projects in Release run one after another: concurrent builds
/// would write the same output folders.</summary>
[CollectionDefinition(nameof(ReleaseBuildCollection))]
public sealed class ReleaseBuildCollection;
