# Homework: a quiz for a group with a deadline, a student's list, the results for the coordinator.

cmd-homework = My homework

homework-ask-quiz = Which quiz should the group “{ $name }” take?
homework-btn-mix = 🎲 Mixed questions
homework-ask-count = How many questions?
homework-btn-all = All ({ $count })
homework-ask-mark = What pass mark? Usually 70%.
homework-ask-due = By when?
homework-btn-3d = In 3 days
homework-btn-week = In a week
homework-btn-date = Type a date
homework-ask-date = Type the date, e.g. 15.12, “5 December” or “on Friday”. The deadline is the end of that day. Changed your mind? /cancel.
homework-date-not-a-date = I could not read that date. Type it like this: 15.12, “5 December” or “on Friday”.
homework-date-too-late = That day has passed. Type today's date or a later one.
homework-date-next-year = { $day } has already passed this year. Did you mean { $meant }? If not, type another date.
homework-date-too-far = That is more than a year away. Type a nearer date.
homework-set = Done: the quiz “{ $title }” is set for “{ $name }”, due by the end of { $date }. Members I will write to: { $count }.

homework-new = 📝 New homework from “{ $group }”: the quiz “{ $title }”, { $count ->
    [one] { $count } question
   *[other] { $count } questions
}. Do it by { $date }.
homework-nudge = ⏰ Due soon: the homework of “{ $group }”, the quiz “{ $title }”, by the end of { $date }. You haven't finished it yet.
homework-btn-start = ▶️ Start
homework-not-yours = This homework is not available to you.

homework-title = <b>Your homework</b> (first what can still be done in time):
homework-none = No homework yet. Teachers set homework in groups — to join a group: /join.
homework-until = by { $date }
homework-status-not-started = not started
homework-status-in-progress = started, not finished
homework-status-done = done: { $score }%
homework-status-late = done late: { $score }%
homework-status-missed = deadline passed
homework-practice = (practice attempts since: { $count })
homework-below-mark = — below the pass mark of { $mark }%
homework-btn-go = ▶️ { $title }
homework-btn-redo = 🔁 Again for practice: { $title }
homework-btn-late = ▶️ Do it late: { $title }
homework-progress = done by { $done } of { $count }

homework-results-pick = Which homework's results?
homework-results-title = <b>📊 { $title }</b>, due { $date }, pass mark { $mark }%
homework-results-average = Average score: { $average }%
homework-results-no-average = Nobody has finished the quiz yet.
homework-results-passed = Scored { $mark }% or more: { $passed } of { $count } ({ $rate }%)
homework-results-finished = finished { $day } at { $time }
homework-results-hardest = The hardest questions:
homework-results-wrong = { $wrong } of { $answered } got it wrong
homework-question-gone = (question taken out of the quiz)
homework-btn-csv = 📄 File for Excel
homework-csv-name = Name
homework-csv-status = Status
homework-csv-score = Score, %
homework-csv-finished = Finished
homework-csv-right = right
homework-csv-wrong = wrong
homework-csv-practice = Practice attempts
homework-csv-not-started = not started
homework-csv-in-progress = not finished
homework-csv-done = done
homework-csv-late = late
homework-csv-missed = missed

# Changing homework once set: who has not started, a new deadline, cancelling.
homework-btn-waiting = 🙋 Who hasn't started
homework-btn-move = 📅 Extend the deadline
homework-btn-cancel = 🚫 Cancel the homework
homework-card-cancelled = cancelled
homework-results-cancelled = 🚫 This homework is cancelled: the students no longer have it. Its results stay here.
homework-waiting-title = <b>🙋 { $title }</b>, due { $date }
homework-waiting-not-started = Not started yet ({ $count }): { $names }
homework-waiting-everybody-started = Everybody has started it.
homework-waiting-unfinished = Started, not finished ({ $count }): { $names }
homework-move-ask = 📅 A new deadline for “{ $title }” (now: by { $date }). It is the end of the day you pick.
homework-btn-move-by = By { $date } (+{ $days ->
    [one] { $days } day
   *[other] { $days } days
})
homework-move-done = 📅 Done: the new deadline is the end of { $date }. I will write to the students who haven't finished it.
homework-move-same = The deadline is already the end of { $date }.
homework-cancel-sure = Cancel the homework “{ $title }” of “{ $name }”? The students will no longer see it in /homework nor get reminders, and I will tell them it is cancelled. Its results stay with you. It cannot be undone.
homework-btn-cancel-yes = Yes, cancel it
homework-cancel-done = 🚫 The homework is cancelled. I will tell the students.
homework-cancelled-already = This homework is already cancelled.
homework-cancelled-notice = This homework was cancelled: there is no need to do it.
homework-moved = 📅 New deadline: the homework of “{ $group }”, the quiz “{ $title }”, is now due by the end of { $date }.
homework-cancelled = 🚫 The homework of “{ $group }”, the quiz “{ $title }”, is cancelled. There is no need to do it.
