import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Axis-aligned box around the model in its own units (metres), Y up' })
export class BoundingBox {
  @Field(() => [Float], { description: '[x, y, z]' })
  min!: number[];

  @Field(() => [Float], { description: '[x, y, z]' })
  max!: number[];
}

@ObjectType({ description: 'An animation clip read from the model file' })
export class AnimationClip {
  @Field()
  name!: string;

  @Field(() => Float)
  durationSeconds!: number;
}

@ObjectType({ description: 'The clip the avatar plays for an animation hint' })
export class AnimationMapping {
  @Field({ description: 'One of animationHints' })
  hint!: string;

  @Field(() => String, { nullable: true, description: 'Clip name in the model; null only when the model has no clips' })
  clip!: string | null;
}

@InputType({ description: 'Plays `clip` (a clip name in the uploaded file) for `hint` (one of animationHints)' })
export class AnimationMappingInput {
  @Field()
  hint!: string;

  @Field()
  clip!: string;
}

@ObjectType({ description: "A persona's 3D avatar (glTF 2.0): the uploaded model, or the project's default one" })
export class Avatar {
  @Field({ description: 'Signed URL of the model file; refused with HTTP 403 after expiresAt (query the persona again for a fresh one)' })
  modelUrl!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field({ description: 'model/gltf-binary (.glb) or model/gltf+json (.gltf with embedded data)' })
  mimeType!: string;

  @Field(() => Int, { description: 'Grows by one with each upload; 0 is the default avatar' })
  version!: number;

  @Field(() => Float, { description: 'Uniform scale that makes the model 1.7 m tall' })
  scale!: number;

  @Field(() => BoundingBox)
  boundingBox!: BoundingBox;

  @Field(() => [AnimationClip])
  animations!: AnimationClip[];

  @Field(() => [AnimationMapping], { description: 'Every animation hint with the clip it plays (explicit, by name, or by fallback)' })
  animationMap!: AnimationMapping[];

  @Field({ description: 'True when the persona has no uploaded model yet' })
  isDefault!: boolean;

  @Field(() => Int)
  sizeBytes!: number;
}
