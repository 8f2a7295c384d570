import EnkatCLI

// `enkat`: every command. `enkat serve` runs `enkat-serve` from beside this program, so that the
// web server's libraries are not loaded by the commands that do not need them.
EnkatProgram.main()
