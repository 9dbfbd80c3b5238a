// The host of Weft's build step: see Weft.Instrumentation.BuildStep.
return Weft.Instrumentation.BuildStep.Run(args, Console.Out, Console.Error);
