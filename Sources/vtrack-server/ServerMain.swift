import ArgumentParser
import VolunteerAPI

@main
extension ServerCommand {}
