// A small built-in English corpus of motion / video prompts, for training the tiny demo model's tokenizer.

export const TINY_CORPUS = `
a cat slowly turning its head toward the camera
a dog running across a green field in the morning light
waves crashing on the shore at sunset, slow motion
the camera pans left across a quiet mountain lake
the camera slowly zooms in on a blooming red flower
a drone shot flying over a dense forest, smooth and steady
a girl with long hair walking through falling snow
a man riding a bicycle down a busy city street
clouds drifting across a blue sky, time lapse
a candle flame flickering in a dark room
leaves rustling in the wind on a sunny afternoon
a river flowing gently between tall rocks
the camera tilts up to reveal a tall old tower
a bird spreading its wings and taking off from a branch
rain falling on a window, soft focus, cinematic
a horse galloping along the beach at dawn
a close up of a smiling woman turning to look at the camera
a car driving on a winding road through the hills
fireworks exploding over the city at night
a small boat floating on calm water, gentle ripples
the camera dollies forward through a long hallway
a child blowing bubbles in the park, slow motion
steam rising from a hot cup of coffee on a wooden table
a waterfall pouring into a clear blue pool
the sun setting behind the mountains, golden hour
a panda eating bamboo while sitting in the grass
a robot walking slowly in a futuristic city, neon lights
an astronaut floating in space with the earth behind him
flowers swaying in a light breeze, shallow depth of field
a train moving through a snowy landscape, wide shot
a fish swimming around colorful coral under the sea
a butterfly landing on a yellow flower
ocean waves rolling under a stormy sky, dramatic lighting
the camera orbits around a stone statue in the square
a couple dancing in the rain under a street lamp
smoke curling up from a campfire in the woods at night
a squirrel eating a nut on a tree branch
a timelapse of stars moving across the night sky
the camera pulls back to show a wide valley
a dog shaking water off its fur after a swim
a chef tossing vegetables in a pan, high quality, detailed
tall grass moving in the wind, soft warm light
a jellyfish glowing in the deep blue water
a hot air balloon rising slowly over green hills
a girl turning her head and smiling, hair blowing in the wind
the camera tracks a runner along the river at sunrise
an eagle soaring high above the canyon
a lighthouse on a cliff with waves crashing below
snow falling gently on a quiet village street
a city skyline at dusk with lights turning on one by one
`;
