using System.Runtime.Loader;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Weft.Instrumentation;

namespace Weft.Tests.Instrumentation;

public sealed class RacePassTests : IDisposable
{
    private static readonly Lazy<ModuleDefinition> s_thisAssembly = new(() => ModuleDefinition.ReadModule(typeof(RacePassTests).Assembly.Location, new ReaderParameters { ReadSymbols = true }));

    private readonly string _folder = Directory.CreateTempSubdirectory("weft-race-pass-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string[]> SampleHooks() => new()
    {
        { nameof(Samples.WriteField), ["Write"] },
        { nameof(Samples.ReadField), ["Read"] },
        { nameof(Samples.WriteStatic), ["WriteStatic"] },
        { nameof(Samples.IncrementWithInterlocked), ["Atomic:release", "Atomic:acquire"] },
        { nameof(Samples.ExchangeForAConditionalValue), ["Atomic:release", "Atomic:acquire"] },
        { nameof(Samples.ReadWithVolatile), ["Atomic:acquire"] },
        { nameof(Samples.WriteVolatileField), ["Atomic:release"] },
        { nameof(Samples.IncrementElement), ["WriteElement"] },
        { nameof(Samples.StoreElement), ["WriteElement"] },
        { nameof(Samples.WriteStructField), ["Write"] },
        { nameof(Samples.CallOnStructField), ["Read"] },
        { nameof(Samples.ReadReadonlyField), [] },
        { nameof(Samples.ReadThreadStaticField), [] },
        { nameof(Samples.WriteGenericField), ["Write"] },
    };

    [Theory]
    [MemberData(nameof(SampleHooks))]
    public void BuildStep_SampleAccess_GetsTheDocumentedHooks(string method, string[] expected)
    {
        var body = SampleMethod(method).Body;

        var hooks = body.Instructions
            .Where(i => i.OpCode == OpCodes.Call && i.Operand is MethodReference { DeclaringType.Name: nameof(RaceHooks) })
            .Select(HookName)
            .ToArray();

        Assert.Equal(expected, hooks);
    }

    [Fact]
    public void BuildStep_SampleMethods_RunUnchangedOutsideAnExploration()
    {
        var samples = new Samples();

        samples.WriteField();
        samples.IncrementWithInterlocked();
        samples.WriteVolatileField();
        samples.IncrementElement();
        samples.StoreElement();
        samples.WriteStructField();
        samples.CallOnStructField();
        samples.WriteGenericField();
        Samples.WriteStatic();
        Assert.Equal(2, samples.Touch());

        Assert.Equal(2, samples.ReadField());
        Assert.Equal(2, samples.ExchangeForAConditionalValue());
        Assert.Equal(5, samples.ReadField());
        Assert.Equal(1, samples.ReadWithVolatile());
        Assert.Equal(1, samples.ReadReadonlyField());
        Assert.Equal(0, samples.ReadThreadStaticField());
    }

    [Theory]
    [InlineData(nameof(Weft.Tests.Checking.Corpus.ValueTaskSignal.Complete), "ValueTaskSourceCompleting")]
    [InlineData(nameof(Weft.Tests.Checking.Corpus.ValueTaskSignal.GetResult), "ValueTaskSourceCompleted")]
    public void BuildStep_CallOnAManualResetValueTaskSourceCoreField_GetsTheSourcesEdge(string method, string hook)
    {
        var type = s_thisAssembly.Value.GetType(typeof(Weft.Tests.Checking.Corpus.ValueTaskSignal).FullName);

        var hooks = type.Methods.Single(m => m.Name == method).Body.Instructions
            .Where(i => i.OpCode == OpCodes.Call && i.Operand is MethodReference { DeclaringType.Name: nameof(RaceHooks) })
            .Select(i => ((MethodReference)i.Operand).Name)
            .ToArray();

        Assert.Contains(hook, hooks);
    }

    [Fact]
    public void BuildStep_StaticConstructor_IsNotHooked()
    {
        var constructor = s_thisAssembly.Value.GetType(typeof(Samples).FullName!.Replace('+', '/')).Methods.Single(m => m.IsConstructor && m.IsStatic);

        Assert.DoesNotContain(constructor.Body.Instructions, i => i.Operand is MethodReference { DeclaringType.Name: nameof(RaceHooks) });
    }

    [Fact]
    public void BuildStep_ThisTestAssembly_HasNoControlledTaskCallLeftUnhooked()
    {
        string[] hooked = ["Run", "WhenAll", "WhenAny", "Wait", "WaitAll", "WaitAny", "GetResult", "Enter", "Exit", "SetResult", "get_Result"];

        var left = s_thisAssembly.Value.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).SelectMany(m => m.Body.Instructions)
            .Select(i => i.Operand as MethodReference)
            .Where(m => m is not null && hooked.Contains(m.Name)
                && (m.DeclaringType.Namespace.StartsWith("Microsoft.Coyote.Rewriting.Types", StringComparison.Ordinal)
                    || m.DeclaringType.FullName.StartsWith("Microsoft.Coyote.Runtime.CompilerServices.TaskAwaiter", StringComparison.Ordinal)))
            .Select(m => m!.FullName)
            .Distinct()
            .ToArray();

        Assert.Empty(left);
    }

    [Fact]
    public void BuildStep_WeftAssembly_IsNotInstrumentedForRaces()
    {
        using var weft = ModuleDefinition.ReadModule(typeof(RaceHooks).Assembly.Location);

        // No access of Weft's own code is recorded. Its concurrency primitives and channel models are hooked for
        // synchronisation only (forks, joins, suspensions), so that user code handing data over through them is not
        // reported as racing.
        var hooked = weft.GetTypes().Where(t => t.Name != nameof(RaceHooks)).SelectMany(t => t.Methods).Where(m => m.HasBody)
            .Where(m => m.Body.Instructions.Any(i => i.Operand is MethodReference { DeclaringType.Name: nameof(RaceHooks) } callee
                && callee.Name is "Read" or "Write" or "ReadStatic" or "WriteStatic" or "ReadElement" or "WriteElement"))
            .Select(m => m.FullName)
            .ToArray();
        var suspendingOutsidePrimitives = weft.GetTypes().Where(t => t.Name != nameof(RaceHooks) && !IsPrimitive(t))
            .SelectMany(t => t.Methods).Where(m => m.HasBody)
            .Where(m => m.Body.Instructions.Any(i => i.Operand is MethodReference { DeclaringType.Name: nameof(RaceHooks), Name: "Suspend" }))
            .Select(m => m.FullName)
            .ToArray();

        Assert.Empty(hooked);
        Assert.Empty(suspendingOutsidePrimitives);

        static bool IsPrimitive(TypeDefinition type)
        {
            while (type.DeclaringType is not null)
            {
                type = type.DeclaringType;
            }

            return type.Namespace is "Weft.Concurrency" or "Weft.Models.Channels";
        }
    }

    [Fact]
    public void SourceSites_CompilerGeneratedNames_AreTheSourceNames()
    {
        var samplesType = s_thisAssembly.Value.GetType(typeof(Samples).FullName!.Replace('+', '/'));
        var stateMachine = samplesType.NestedTypes.Single(t => t.Name.Contains(nameof(Samples.WriteAfterYieldAsync), StringComparison.Ordinal));
        var lambda = samplesType.NestedTypes.SelectMany(t => t.Methods).Single(m => m.Name.Contains(nameof(Samples.CaptureAndWrite), StringComparison.Ordinal));
        var names = new SourceSites(s_thisAssembly.Value);

        Assert.Equal("RacePassTests.Samples.WriteAfterYieldAsync", SourceSites.MethodName(stateMachine.Methods.Single(m => m.Name == "MoveNext")));
        Assert.Equal("RacePassTests.Samples.CaptureAndWrite (lambda)", SourceSites.MethodName(lambda));
        Assert.Equal("Weft.Tests.Instrumentation.RacePassTests.Samples.Counter", names.FieldName(samplesType.Fields.Single(f => f.Name.Contains("Counter", StringComparison.Ordinal))));
        Assert.Equal("captured variable 'count' of RacePassTests.Samples.CaptureAndWrite", names.FieldName(lambda.DeclaringType.Fields.Single(f => f.Name == "count")));
        Assert.StartsWith($"RacePassTests.cs:", SourceSites.Of(SampleMethod(nameof(Samples.WriteField))).Values.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStep_AwaitStatement_KeepsItsSourceLineThroughCoyotesRewriting()
    {
        var samplesType = s_thisAssembly.Value.GetType(typeof(Samples).FullName!.Replace('+', '/'));
        var moveNext = samplesType.NestedTypes.Single(t => t.Name.Contains(nameof(Samples.WriteAfterYieldAsync), StringComparison.Ordinal))
            .Methods.Single(m => m.Name == "MoveNext");
        int line = Array.FindIndex(File.ReadAllLines(SourceFile()), l => l.TrimEnd().EndsWith("await Task.Yield(); // sample: await", StringComparison.Ordinal)) + 1;

        var suspend = moveNext.Body.Instructions.Single(i => i.Operand is MethodReference { Name: nameof(RaceHooks.Suspend) });

        Assert.Equal($"RacePassTests.cs:{line} (RacePassTests.Samples.WriteAfterYieldAsync)", suspend.Previous.Operand);
    }

    [Fact]
    public void Run_ShortBranchOverManyHookedAccesses_WidensTheBranchAndTheCodeRuns()
    {
        string path = Path.Combine(_folder, "Branches.dll");
        using (var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition("Branches", new Version(1, 0)), "Branches", ModuleKind.Dll))
        {
            var module = assembly.MainModule;
            var holder = new TypeDefinition("Probe", "Holder", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Class, module.TypeSystem.Object);
            var value = new FieldDefinition("Value", Mono.Cecil.FieldAttributes.Public, module.TypeSystem.Int32);
            holder.Fields.Add(value);
            var constructor = new MethodDefinition(".ctor", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.HideBySig
                | Mono.Cecil.MethodAttributes.SpecialName | Mono.Cecil.MethodAttributes.RTSpecialName, module.TypeSystem.Void);
            var ctorIl = constructor.Body.GetILProcessor();
            ctorIl.Emit(OpCodes.Ldarg_0);
            ctorIl.Emit(OpCodes.Call, module.ImportReference(typeof(object).GetConstructor(Type.EmptyTypes)));
            ctorIl.Emit(OpCodes.Ret);
            holder.Methods.Add(constructor);

            var run = new MethodDefinition("Run", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, module.TypeSystem.Int32);
            run.Parameters.Add(new ParameterDefinition(holder));
            run.Parameters.Add(new ParameterDefinition(new ArrayType(module.TypeSystem.Int32)));
            run.Parameters.Add(new ParameterDefinition(module.TypeSystem.Boolean));
            var il = run.Body.GetILProcessor();
            var end = il.Create(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Brtrue_S, end);
            for (int i = 0; i < 8; i++)
            {
                // holder.Value = holder.Value + 1; array[0] = array[0] + 1; 20 bytes each before the pass.
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldfld, value);
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Add);
                il.Emit(OpCodes.Stfld, value);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Ldc_I4_0);
                il.Emit(OpCodes.Ldelem_I4);
                il.Emit(OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Add);
                il.Emit(OpCodes.Stelem_I4);
            }

            il.Append(end);
            il.Emit(OpCodes.Ldfld, value);
            il.Emit(OpCodes.Ret);
            holder.Methods.Add(run);
            module.Types.Add(holder);

            var pass = new RacePass();
            pass.Run(assembly);
            Assert.Equal(33, pass.HookedAccesses);
            assembly.Write(path);
        }

        using (var written = AssemblyDefinition.ReadAssembly(path))
        {
            var body = written.MainModule.GetType("Probe.Holder").Methods.Single(m => m.Name == "Run").Body;
            var branch = body.Instructions[1];
            Assert.Equal(Code.Brtrue, branch.OpCode.Code);
            Assert.Equal(Code.Ldarg_0, ((Instruction)branch.Operand).OpCode.Code);
            Assert.Equal(Code.Ret, ((Instruction)branch.Operand).Next.Next.Next.Next.Next.Next.OpCode.Code);
        }

        var context = new AssemblyLoadContext("race-pass-test", isCollectible: true);
        try
        {
            var type = context.LoadFromAssemblyPath(path).GetType("Probe.Holder")!;
            var array = new int[1];
            object result = type.GetMethod("Run")!.Invoke(null, [Activator.CreateInstance(type), array, false])!;
            Assert.Equal(8, (int)result);
            Assert.Equal(8, array[0]);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The hook a call instruction calls; for an atomic hook, with the kind it passes.</summary>
    private static string HookName(Instruction call)
    {
        string name = ((MethodReference)call.Operand).Name;
        if (!name.StartsWith("Atomic", StringComparison.Ordinal))
        {
            return name;
        }

        string kind = call.Previous.Previous.OpCode.Code switch { Code.Ldc_I4_1 => "acquire", Code.Ldc_I4_2 => "release", _ => "both" };
        return $"{name}:{kind}";
    }

    private static string SourceFile([System.Runtime.CompilerServices.CallerFilePath] string file = "") => file;

    private static MethodDefinition SampleMethod(string name) =>
        s_thisAssembly.Value.GetType(typeof(Samples).FullName!.Replace('+', '/')).Methods.Single(m => m.Name == name);

    /// <summary>One access of each kind the race pass handles; the build step instruments this class like any other.</summary>
    private sealed class Samples
    {
        [ThreadStatic]
        private static int s_perThread;

        private static int s_shared = Seed();

        private readonly int _readonly = 1;

        private readonly int[] _array = new int[2];

        private readonly Box<string> _box = new();

        private int _field;

        private volatile int _volatile;

        private Point _point;

        private CancellationToken _token;

        public static int Counter { get; set; }

        public static void WriteStatic() => s_shared = 2;

        public void WriteField() => _field = 1;

        public int ReadField() => _field;

        public void IncrementWithInterlocked() => Interlocked.Increment(ref _field);

        public int ExchangeForAConditionalValue() => Interlocked.Exchange(ref _field, _array.Length > 2 ? 4 : 5);

        public int ReadWithVolatile() => Volatile.Read(ref _field) > 0 ? 1 : 0;

        public void WriteVolatileField() => _volatile = 1;

        public void IncrementElement() => _array[1]++;

        public void StoreElement() => _array[0] = 3;

        public void WriteStructField() => _point.X = 1;

        public void CallOnStructField() => _token.ThrowIfCancellationRequested();

        public int ReadReadonlyField() => _readonly;

        public int ReadThreadStaticField() => s_perThread;

        public void WriteGenericField() => _box.Value = "value";

        public async Task WriteAfterYieldAsync()
        {
            await Task.Yield(); // sample: await
            _field = 2;
        }

        public Action CaptureAndWrite()
        {
            int count = 0;
            return () => count++;
        }

        /// <summary>Uses the fields that the samples above only write or only read.</summary>
        public int Touch()
        {
            s_perThread = 0;
            _token = default;
            return _volatile + _point.X;
        }

        private static int Seed() => 1;

        private struct Point
        {
            public int X;
        }

        private sealed class Box<T>
        {
            public T? Value;
        }
    }
}
