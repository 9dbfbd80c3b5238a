using Weft.Benchmarks.Reporting;

namespace Weft.Tests.Benchmarks;

public sealed class MarkdownTableTests
{
    [Fact]
    public void ToString_NumericColumns_AreRightAligned()
    {
        var table = new MarkdownTable("Name", ">Value").Add("a", "1.00×");

        Assert.Equal("| Name | Value |\n| --- | ---: |\n| a | 1.00× |\n", table.ToString());
    }

    [Fact]
    public void ToString_PipeAndLineBreakInACell_AreEscaped()
    {
        var table = new MarkdownTable("Note").Add("a | b\nc");

        Assert.Equal("| Note |\n| --- |\n| a \\| b c |\n", table.ToString());
    }

    [Fact]
    public void Add_WrongNumberOfCells_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new MarkdownTable("A", "B").Add("only one"));

        Assert.StartsWith("A row needs 2 cells, not 1.", error.Message, StringComparison.Ordinal);
    }
}
