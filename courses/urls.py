from django.urls import path

from . import converters, views  # noqa: F401 (converters registers "db_id")

app_name = "courses"
urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("lessons/<db_id:lesson_id>/done/", views.mark_done, name="mark_done"),
    path(
        "lessons/<db_id:lesson_id>/quizzes/<str:block_id>/",
        views.submit_quiz,
        name="submit_quiz",
    ),
]
