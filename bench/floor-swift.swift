// The floor for a Swift process on this machine (bench/run.sh): a program that only prints its
// arguments, built with `swiftc -O -static-stdlib` as enkat's release build is. Whatever enkat
// takes above this is its own start-up and work.
for argument in CommandLine.arguments.dropFirst() {
    print(argument)
}
