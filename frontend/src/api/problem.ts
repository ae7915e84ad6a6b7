/** An RFC 9457 problem as the platform answers it (see API.md "Conventions"). */
export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors: FieldError[];
}

export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    /** Seconds from a Retry-After header (429, 503), when the platform sent one. */
    readonly retryAfter: number | null,
  ) {
    super(problem.detail);
    this.name = "ApiError";
  }
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; an ApiError carrying the problem otherwise. */
export async function unwrap<T>(pending: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  throw new ApiError(problemOf(error, response), retryAfterOf(response));
}

function problemOf(body: unknown, response: Response): Problem {
  const fallback = response.statusText || `HTTP ${response.status}`;
  if (typeof body !== "object" || body === null) {
    return { status: response.status, title: fallback, detail: fallback, errors: [] };
  }
  const record = body as Record<string, unknown>;
  const errors = Array.isArray(record.errors) ? record.errors.filter(isFieldError) : [];
  return {
    status: response.status,
    title: typeof record.title === "string" ? record.title : fallback,
    detail: typeof record.detail === "string" ? record.detail : fallback,
    errors,
  };
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.field === "string" && typeof record.message === "string";
}

function retryAfterOf(response: Response): number | null {
  const header = response.headers.get("Retry-After");
  if (header === null) return null;
  const seconds = Number.parseInt(header, 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
