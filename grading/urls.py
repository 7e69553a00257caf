from django.urls import path

from . import views

app_name = "grading"
urlpatterns = [
    path("exercises/<int:pk>/", views.exercise_page, name="exercise"),
    path("exercises/<int:pk>/notebook.ipynb", views.download_notebook, name="download"),
    path("exercises/<int:pk>/submit/", views.submit_notebook, name="submit"),
    path("exercises/<int:pk>/run-tests/", views.run_tests, name="run_tests"),
    path("exercises/<int:pk>/attempts.json", views.exercise_attempts, name="attempts"),
    path("exercises/submissions/<int:pk>/", views.submission_feedback, name="submission_feedback"),
    path("api/grading/submissions/<int:pk>/", views.submission_status, name="submission_status"),
]
