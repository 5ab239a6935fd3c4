import ArgumentParser
import VolunteerCLI

@main
extension VtrackCommand {}
