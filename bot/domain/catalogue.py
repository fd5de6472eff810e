"""The shared vocabularies people pick from, so offers and requests can be matched."""

from __future__ import annotations

PRACTICES = (
    "Station rotation",
    "Small-group instruction",
    "Data conferences",
    "Checks for understanding",
    "Student discourse",
    "Classroom routines",
    "Blended learning",
    "Differentiation",
    "Project-based learning",
    "Writing workshop",
    "Number talks",
    "Exit tickets",
    "Co-teaching",
    "Restorative circles",
    "Student goal setting",
    "Mastery tracking",
)

GRADES = ("PreK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")

SUBJECTS = (
    "Math",
    "ELA / Literacy",
    "Science",
    "Social Studies",
    "World Languages",
    "English Language Development",
    "Special Education",
    "Arts",
    "Music",
    "Physical Education",
    "Computer Science",
    "Advisory / SEL",
)

FEEDBACK = {
    "none": "No feedback, thanks",
    "warm": "Warm notes only",
    "lookfors": "Notes on my look-fors",
}

TIMEZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "America/Toronto",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Africa/Johannesburg",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

MAX_SEATS = 10
